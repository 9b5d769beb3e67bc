import { BenchError } from './bench-error';

const marker = 'bench.error.backend-unavailable';
const symbol = Symbol.for(marker);

/** A backend was asked for but cannot run here; carries the probe's reason and remedy. */
export class BackendUnavailableError extends BenchError {
  private readonly [symbol] = true;

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

  /** True for a BackendUnavailableError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is BackendUnavailableError {
    return BenchError.hasMarker(error, marker);
  }
}
