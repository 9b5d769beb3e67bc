import { BenchError } from '@bench/core';

/**
 * A data set could not be read, written or fetched: a missing or malformed file, an empty class
 * folder, a wrong shape, a bad checksum, an unsafe archive or a failed download. The message names
 * the loader, the path or parameter, the offending value and what to do; `path` and `parameter`
 * carry the same facts for programs. `isInstance` (from BenchError) works across package copies.
 */
export class DatasetError extends BenchError {
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
}
