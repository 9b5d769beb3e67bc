import { BenchError } from '../errors';

const marker = 'bench.error.diverged';
const symbol = Symbol.for(marker);

/**
 * A training or validation loss that is NaN or infinite: the run diverged. Carries the 1-based
 * epoch and the loss (null when the epoch had no loss to report).
 */
export class DivergedError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly epoch: number,
    readonly loss: number | null,
    readonly which: 'train' | 'valid' = 'train',
  ) {
    super(
      'BenchError.Diverged',
      `training diverged: epoch ${epoch} ${which === 'valid' ? 'validation' : 'training'} loss is ${loss}; lower the learning rate or check the inputs and initial weights for NaN or infinite values`,
    );
  }

  /** True for a DivergedError from any copy of the package (not for other BenchErrors). */
  static override isInstance(error: unknown): error is DivergedError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
