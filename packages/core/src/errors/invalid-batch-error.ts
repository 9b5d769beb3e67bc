import { BenchError } from './bench-error';

const marker = 'bench.error.invalid-batch';
const symbol = Symbol.for(marker);

/** A batch (or predict input) does not match the program: wrong dtype, rank, shape or length. */
export class InvalidBatchError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly backend: string,
    /** What was wrong, naming the tensor (`x`, `y`) and the expected value. */
    detail: string,
  ) {
    super(
      'BenchError.InvalidBatch',
      `backend "${backend}": ${detail}; reshape the data or compile a program for this input`,
    );
  }

  /** True for an InvalidBatchError from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidBatchError {
    return BenchError.hasMarker(error, marker);
  }
}
