/**
 * Why a native tfjs engine (tfjs-node, tfjs-node-gpu) could not load. Each error carries the
 * probe's reason and remedy, so `bench doctor` can print them as they are.
 */

/** The npm package of the engine is not installed where the adapter can resolve it. */
export class NativePackageMissingError extends Error {
  constructor(
    readonly modulePackage: string,
    readonly from: string,
  ) {
    super(`package ${modulePackage} is not installed (not resolvable from ${from})`);
    this.name = 'NativePackageMissingError';
  }
}

/** The package is there but requiring it failed (usually libtensorflow or the binding). */
export class LibtensorflowLoadError extends Error {
  constructor(
    readonly modulePackage: string,
    readonly loaderMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${modulePackage} is installed but libtensorflow failed to load: ${loaderMessage}`, options);
    this.name = 'LibtensorflowLoadError';
  }
}
