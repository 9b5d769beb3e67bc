import { BenchError } from '@bench/core';

const marker = 'bench.error.dataset';
const symbol = Symbol.for(marker);

/**
 * A data set could not be read, written or fetched: a missing or malformed file, an empty class
 * folder, a wrong shape, a bad checksum, an unsafe archive or a failed download. The message names
 * the loader, the path or parameter, the offending value and what to do; `path` and `parameter`
 * carry the same facts for programs. `DatasetError.isInstance` works across package copies.
 */
export class DatasetError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    /** The loader that failed, e.g. `loadImageFolder`, `downloadCifar10`. */
    readonly loader: string,
    message: string,
    readonly details: { path?: string; parameter?: string; cause?: unknown } = {},
  ) {
    super(
      'BenchError.Dataset',
      `${loader}: ${message}`,
      details.cause === undefined ? undefined : { cause: details.cause },
    );
  }

  /** The file or folder concerned, if any. */
  get path(): string | undefined {
    return this.details.path;
  }

  /** The option or argument concerned, if any. */
  get parameter(): string | undefined {
    return this.details.parameter;
  }

  /** True for a DatasetError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is DatasetError {
    return BenchError.hasMarker(error, marker);
  }
}
