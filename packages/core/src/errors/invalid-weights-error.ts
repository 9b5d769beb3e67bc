import { BenchError } from './bench-error';

const marker = 'bench.error.invalid-weights';
const symbol = Symbol.for(marker);

/**
 * Weights or optimizer state given to a session do not fit its program: an unknown name, a
 * missing tensor, a wrong dtype or shape.
 */
export class InvalidWeightsError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly backend: string,
    /** The parameter or state name concerned. */
    readonly tensor: string,
    detail: string,
  ) {
    super('BenchError.InvalidWeights', `backend "${backend}": "${tensor}" ${detail}`);
  }

  /** True for an InvalidWeightsError from any copy of the package. */
  static override isInstance(error: unknown): error is InvalidWeightsError {
    return BenchError.hasMarker(error, marker);
  }
}
