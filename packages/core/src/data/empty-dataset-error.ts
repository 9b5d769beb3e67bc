import { BenchError } from '../errors';

const marker = 'bench.error.empty-dataset';
const symbol = Symbol.for(marker);

/** A data set that must hold examples is empty (e.g. a training set with no rows). */
export class EmptyDatasetError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    /** Which set: `training set`, `validation set`. */
    readonly what: string,
  ) {
    super(
      'BenchError.EmptyDataset',
      `the ${what} is empty (0 examples); check the data path, --limit and the file's contents`,
    );
  }

  /** True for an EmptyDatasetError from any copy of the package. */
  static override isInstance(error: unknown): error is EmptyDatasetError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
