import { BenchError } from './bench-error';

const marker = 'bench.error.session-disposed';
const symbol = Symbol.for(marker);

/** A session method was called after `dispose()`. */
export class SessionDisposedError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly backend: string,
    /** The method that was called, e.g. `trainStep`. */
    readonly method: string,
  ) {
    super(
      'BenchError.SessionDisposed',
      `backend "${backend}": ${method}() was called on a disposed session; compile the program again`,
    );
  }

  /** True for a SessionDisposedError from any copy of the package. */
  static override isInstance(error: unknown): error is SessionDisposedError {
    return BenchError.hasMarker(error, marker);
  }
}
