import { BenchError } from './bench-error';

const marker = 'bench.error.unsupported-op';
const symbol = Symbol.for(marker);

/** A backend has no kernel for an IR op (or for one of its attribute values). */
export class UnsupportedOpError extends BenchError {
  private readonly [symbol] = true;

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

  /** True for a UnsupportedOpError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is UnsupportedOpError {
    return BenchError.hasMarker(error, marker);
  }
}
