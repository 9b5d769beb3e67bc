import { BenchError } from './bench-error';

/** A backend has no kernel for an IR op (or for one of its attribute values). */
export class UnsupportedOpError extends BenchError {
  constructor(
    readonly op: string,
    readonly backend: string,
    detail = '',
  ) {
    super(
      'BenchError.UnsupportedOp',
      `op "${op}" is not supported by backend "${backend}"${detail ? `: ${detail}` : ''}. ` +
        'Use a backend that lists it in capabilities.ops, or add a kernel (docs/adding-a-backend.md).',
    );
  }
}
