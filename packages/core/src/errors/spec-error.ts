import { BenchError } from './bench-error';

const marker = 'bench.error.spec';
const symbol = Symbol.for(marker);

/** A ModelSpec is invalid: names the layer, what it got, what it expected, and the fix. */
export class SpecError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly layer: string,
    message: string,
  ) {
    super('BenchError.Spec', `layer "${layer}": ${message}`);
  }

  /** True for a SpecError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is SpecError {
    return BenchError.hasMarker(error, marker);
  }
}
