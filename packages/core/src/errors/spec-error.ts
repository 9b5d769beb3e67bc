import { BenchError } from './bench-error';

/** A ModelSpec is invalid: names the layer, what it got, what it expected, and the fix. */
export class SpecError extends BenchError {
  constructor(
    readonly layer: string,
    message: string,
  ) {
    super('BenchError.Spec', `layer "${layer}": ${message}`);
  }
}
