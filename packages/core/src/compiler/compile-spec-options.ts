import type { LossSpec, OptimizerSpec } from '../ir/graph';

/** Options of `compile(spec, options)`. */
export interface CompileSpecOptions {
  /** The loss to minimise. Default `{ kind: 'softmaxCrossEntropy' }` (the only one so far). */
  loss?: LossSpec;
  /** SGD or Adam; Adam's omitted settings become 0.9 / 0.999 / 1e-8 (PyTorch defaults). */
  optimizer: OptimizerSpec;
  /**
   * Layer names or group names (`spec.groups`) whose parameters are not trained. Freezing a
   * residual layer freezes its whole body. Default: nothing frozen.
   */
  frozen?: string[];
  /**
   * Seed mixed into every dropout mask seed (see `dropoutSeed`). Default 0. Weight init has its
   * own seed: `initWeights(program, seed)`.
   */
  seed?: number;
}
