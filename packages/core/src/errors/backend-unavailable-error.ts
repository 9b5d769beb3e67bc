import { BenchError } from './bench-error';

/** A backend was asked for but cannot run here; carries the probe's reason and remedy. */
export class BackendUnavailableError extends BenchError {
  constructor(
    readonly backend: string,
    readonly reason: string,
    readonly remedy?: string,
  ) {
    super(
      'BenchError.BackendUnavailable',
      `backend "${backend}" is not available: ${reason}${remedy ? `. Fix: ${remedy}` : ''}`,
    );
  }
}
