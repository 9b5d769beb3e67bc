/**
 * Fine-tuning as fastai's `fine_tune(epochs)`: first `frozenEpochs` epochs training only the
 * head and, as fastai's default `train_bn=True` does, the batch-norm layers of the frozen groups
 * (the other frozen layers get no updates), then `epochs` epochs with everything unfrozen,
 * starting from the weights the first phase left. Each phase is its own compiled program (frozen
 * parameters have no backward or update work), so the optimizer state starts fresh in phase two,
 * as a new fastai optimizer would for the unfrozen body.
 */
import type { Backend } from '../backend/backend';
import { compile, frozenExceptBatchNorm } from '../compiler';
import type { DataLoader } from '../data/data-loader';
import type { OptimizerSpec } from '../ir/graph';
import type { EpochRecord } from '../results/schema';
import type { ModelSpec } from '../spec/model-spec';
import type { NamedTensors } from '../tensor';
import { compileSession } from './compile-session';
import { Trainer } from './trainer';
import type { RunMeta, TrainerOptions } from './trainer';

export interface FineTuneOptions {
  backend: Backend;
  spec: ModelSpec;
  optimizer: OptimizerSpec;
  /** Initial weights in canonical layout (e.g. a pretrained body from a checkpoint plus a fresh head). */
  weights: NamedTensors;
  train: DataLoader;
  valid?: DataLoader;
  meta: RunMeta;
  /** Layer or group names frozen in the first phase. Default `['body']`. */
  freeze?: string[];
  /**
   * fastai's `train_bn` (default true): batch-norm layers inside the frozen groups still train in
   * the first phase (affine parameters, and running statistics from batch statistics); false
   * freezes them too (eval-mode batch norm on fixed running statistics).
   */
  trainBatchNorm?: boolean;
  /** Epochs of the frozen phase. Default 1. */
  frozenEpochs?: number;
  /** Epochs of the unfrozen phase. */
  epochs: number;
  seed?: number;
  log?: TrainerOptions['log'];
  onEpoch?: TrainerOptions['onEpoch'];
  onEpochStart?: TrainerOptions['onEpochStart'];
  /** Called after each phase's compile + prepare with the warm-up seconds so far (kept if a later step fails). */
  onCompiled?: (compileSeconds: number) => void;
}

/** Records of both phases (phase `frozen` then `unfrozen`) and the final weights. */
export interface FineTuneResult {
  records: EpochRecord[];
  weights: NamedTensors;
  /** Seconds spent compiling and preparing each phase's program on the backend (summed). */
  compileSeconds: number;
}

export async function fineTune(options: FineTuneOptions): Promise<FineTuneResult> {
  const {
    backend,
    spec,
    optimizer,
    train,
    valid,
    meta,
    freeze = ['body'],
    trainBatchNorm = true,
    frozenEpochs = 1,
    epochs,
    seed = 0,
  } = options;
  let weights = options.weights;
  const records: EpochRecord[] = [];
  let compileSeconds = 0;
  const phases: { name: string; frozen: string[]; epochs: number }[] = [
    {
      name: 'frozen',
      frozen: trainBatchNorm ? frozenExceptBatchNorm(spec, freeze) : freeze,
      epochs: frozenEpochs,
    },
    { name: 'unfrozen', frozen: [], epochs },
  ];
  for (const phase of phases) {
    if (phase.epochs === 0) continue;
    const program = compile(spec, { optimizer, frozen: phase.frozen, seed });
    const compiled = await compileSession(backend, program, {
      weights,
      batchSize: train.batchSize,
      lastBatchSize: train.samples % train.batchSize,
    });
    const session = compiled.session;
    compileSeconds += compiled.compileSeconds;
    options.onCompiled?.(compileSeconds);
    try {
      const trainer = new Trainer({
        session,
        train,
        valid,
        meta: { ...meta, device: session.device },
        log: options.log,
        onEpoch: options.onEpoch,
        onEpochStart: options.onEpochStart,
        startEpoch: records.length,
        header: records.length === 0,
      });
      records.push(...(await trainer.fit(phase.epochs, { phase: phase.name })));
      weights = await session.getWeights();
    } finally {
      await session.dispose();
    }
  }
  return { records, weights, compileSeconds };
}
