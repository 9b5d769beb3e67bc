import { BenchError } from './bench-error';

const marker = 'bench.error.empty-input';
const symbol = Symbol.for(marker);

/**
 * A session got nothing to work on: `trainEpoch` or `evaluate` with no batches, or a batch or
 * predict input with zero rows. Every backend throws it; none returns NaN or an empty result.
 */
export class EmptyInputError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly backend: string,
    /** The method that got no input, e.g. `evaluate`. */
    readonly method: string,
  ) {
    super(
      'BenchError.EmptyInput',
      `backend "${backend}": ${method}() got no input (no batches or zero rows); pass at least one non-empty batch`,
    );
  }

  /** True for an EmptyInputError from any copy of the package. */
  static override isInstance(error: unknown): error is EmptyInputError {
    return BenchError.hasMarker(error, marker);
  }
}
