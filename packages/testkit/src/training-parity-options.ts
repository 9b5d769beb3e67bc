/**
 * Options and result of the training-parity check (`checkTrainingParity`,
 * `describeTrainingParity`).
 */
import type { Backend, ProbeResult } from '@bench/core';

/** Which parity model to train. */
export type ParityModel = 'mlp' | 'cnn' | 'resnet' | 'mobilenet';

/** Options of `checkTrainingParity`. */
export interface TrainingParityOptions {
  /**
   * `mlp`: the E3 MLP with 4 dense layers (2-4-8-16-2) trained with SGD, lr 0.1.
   * `cnn`: the E4 CNN (every layer kind: conv, ReLU, pool, flatten, dense, dropout) on a 16x16x3
   * input, trained with Adam (lr 0.001, epsilon 1e-7 as in Keras: less sensitive than 1e-8 to the
   * float32 noise of near-zero gradients), dropout masks on.
   *
   * `resnet`: torchvision's ResNet-18 layout at width 4, one block per stage, 16x16x3 input (batch
   * norm with running statistics, projection shortcuts, explicit pads, global pooling), SGD lr
   * 0.05, batch 16 by default.
   * `mobilenet`: MobileNetV2 at width 0.25 on 64x64x3 (a 2x2 map at the deepest layers) (depthwise convolutions, ReLU6, inverted
   * residuals, batch norm, dropout), SGD lr 0.001, one step by default: a tiny MobileNet with
   * batch norm over few values per channel is chaotic (its early gradients reach ~100, and the
   * float32 reference drifts from a float64 run by 6e-4 in loss within 3 steps), so one step from
   * identical weights (losses, every weight, running statistics, then the eval loss on running
   * statistics) is what can be compared. Running statistics are compared with the weights.
   * Default `mlp`.
   */
  model?: ParityModel;
  /** Training steps compared. Default 3 (1 for `mobilenet`). */
  steps?: number;
  /** Batch size. Default 4 (16 for `resnet`). */
  batch?: number;
  /** Seed of the initial weights, the batches and the dropout masks. Default 1. */
  seed?: number;
  /** Largest accepted |loss - refLoss| / max(|refLoss|, 1e-3), per step. Default 1e-4. */
  lossRelTol?: number;
  /** Largest accepted |w - refW| over every weight after the last step. Default 1e-4. */
  weightAbsTol?: number;
  /** The backend to compare with. Default: core's reference backend. */
  reference?: Backend;
}

/** What `checkTrainingParity` found. */
export interface TrainingParityResult {
  backend: string;
  reference: string;
  model: ParityModel;
  steps: number;
  batch: number;
  /** Per-step training losses of the backend under test and of the reference. */
  losses: { backend: number[]; reference: number[] };
  /** Largest per-step relative loss error. */
  maxLossRelError: number;
  /** Largest absolute weight difference after the last step, and where (`param[index]`). */
  maxWeightError: number;
  worstWeight: string;
  /** Eval-mode (no dropout) loss on the first batch after training, of both. */
  evalLoss: { backend: number; reference: number };
  tolerances: { lossRel: number; weightAbs: number };
  /** True when every loss, the eval loss and every weight is within tolerance and finite. */
  ok: boolean;
  /** Why it is not ok, one line per failed check (empty when ok). */
  failures: string[];
}

/** Options of `describeTrainingParity`. */
export interface DescribeTrainingParityOptions extends Omit<TrainingParityOptions, 'model'> {
  /** Models to check, one test each. Default all: `['mlp', 'cnn', 'resnet', 'mobilenet']`. */
  models?: ParityModel[];
  /**
   * Whether the backend can run here (its registry entry's `probe`). When it says unavailable,
   * the tests are skipped and the reason printed. Without it, a BackendUnavailableError thrown by
   * `getBackend` skips the same way; any other error fails the tests.
   */
  probe?: () => Promise<ProbeResult>;
}
