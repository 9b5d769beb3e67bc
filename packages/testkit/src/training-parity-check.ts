/**
 * The training-parity check: a backend's Session against the reference backend's Session, same
 * spec, same initial weights, same batches, same steps.
 */
import {
  Rng,
  cifarCnn,
  compile,
  createReferenceBackend,
  initWeights,
  mlp,
  mobilenetV2,
  resnet18,
} from '@bench/core';
import type { Backend, Batch, ModelSpec, NamedTensors, OptimizerSpec, Program, Session } from '@bench/core';
import type { ParityModel, TrainingParityOptions, TrainingParityResult } from './training-parity-options';

/** The spec and optimizer of a parity model, and its default batch size and step count. */
export function parityModel(model: ParityModel): {
  spec: ModelSpec;
  optimizer: OptimizerSpec;
  batch?: number;
  steps?: number;
} {
  if (model === 'mlp') return { spec: mlp({ layers: 4 }), optimizer: { kind: 'sgd', lr: 0.1 } };
  if (model === 'cnn')
    return {
      spec: cifarCnn({ inputShape: [16, 16, 3] }),
      optimizer: { kind: 'adam', lr: 0.001, epsilon: 1e-7 },
    };
  if (model === 'resnet')
    return {
      spec: resnet18({ inputShape: [16, 16, 3], classes: 2, width: 4, blocks: [1, 1, 1, 1] }),
      optimizer: { kind: 'sgd', lr: 0.05 },
      batch: 16,
    };
  if (model === 'mobilenet')
    return {
      spec: mobilenetV2({ inputShape: [64, 64, 3], classes: 2, widthMult: 0.25, dropout: 0.2 }),
      optimizer: { kind: 'sgd', lr: 0.001 },
      steps: 1,
    };
  throw new RangeError(
    `checkTrainingParity: option "model" must be "mlp", "cnn", "resnet" or "mobilenet", got ${JSON.stringify(model)}`,
  );
}

/**
 * `count` batches of `size` samples for a program, from `new Rng(seed)`: x uniform in [-1, 1)
 * for flat inputs and in [0, 1) for images (pixel-like), labels uniform over the classes.
 */
export function parityBatches(program: Program, count: number, size: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  const shape = program.x.shape.map((d) => (d === -1 ? size : d));
  const n = shape.reduce((p, d) => p * d, 1);
  const [lo, hi] = shape.length === 2 ? [-1, 1] : [0, 1];
  return Array.from({ length: count }, () => ({
    x: {
      dtype: 'float32' as const,
      shape,
      data: Float32Array.from({ length: n }, () => rng.uniform(lo, hi)),
    },
    y: {
      dtype: 'int32' as const,
      shape: [size],
      data: Int32Array.from({ length: size }, () => rng.int(program.numClasses)),
    },
  }));
}

function positiveInt(name: string, v: number): number {
  if (!Number.isInteger(v) || v < 1)
    throw new RangeError(`checkTrainingParity: option "${name}" must be a positive integer, got ${v}`);
  return v;
}

function weightDiff(a: NamedTensors, b: NamedTensors, failures: string[]): { max: number; where: string } {
  let max = 0;
  let where = '(none differ)';
  for (const [name, ref] of Object.entries(b)) {
    const got = a[name];
    if (!got || got.data.length !== ref.data.length) {
      failures.push(
        `weight "${name}": backend returned ${got ? `shape [${got.shape.join(', ')}]` : 'nothing'}, expected [${ref.shape.join(', ')}]`,
      );
      max = Number.POSITIVE_INFINITY;
      where = name;
      continue;
    }
    for (let i = 0; i < ref.data.length; i++) {
      const d = Math.abs(got.data[i]! - ref.data[i]!);
      if (!(d <= max)) {
        max = Number.isNaN(d) ? Number.POSITIVE_INFINITY : d;
        where = `${name}[${i}]`;
      }
    }
  }
  return { max, where };
}

/**
 * Trains the same model on `backend` and on the reference backend (default) for `steps` steps
 * and compares per-step losses (relative, default 1e-4), the weights after the last step
 * (absolute, default 1e-4) and the eval loss on the first batch (relative, same tolerance).
 * Both sessions start from `initWeights(program, seed)` and see the same `parityBatches`. The
 * MLP uses SGD; the CNN uses Adam and dropout, so masks and optimizer state are compared too.
 * Never throws on a mismatch: returns `ok: false` with the failures; errors of the backend
 * itself propagate.
 */
export async function checkTrainingParity(
  backend: Backend,
  options: TrainingParityOptions = {},
): Promise<TrainingParityResult> {
  const model = options.model ?? 'mlp';
  const defaults = parityModel(options.model ?? 'mlp');
  const steps = positiveInt('steps', options.steps ?? defaults.steps ?? 3);
  const batch = positiveInt('batch', options.batch ?? defaults.batch ?? 4);
  const seed = options.seed ?? 1;
  const lossRel = options.lossRelTol ?? 1e-4;
  const weightAbs = options.weightAbsTol ?? 1e-4;
  const reference = options.reference ?? createReferenceBackend();
  const { spec, optimizer } = parityModel(model);
  const programFor = () => compile(spec, { optimizer, seed });
  const weights = initWeights(programFor(), seed);
  const batches = parityBatches(programFor(), steps, batch, seed + 1);

  const sessions: Session[] = [];
  try {
    const test = await backend.compile(programFor(), { weights });
    sessions.push(test);
    const ref = await reference.compile(programFor(), { weights });
    sessions.push(ref);
    const got = Array.from(await test.trainEpoch(batches));
    const want = Array.from(await ref.trainEpoch(batches));
    const failures: string[] = [];
    const relErr = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-3);
    let maxLossRelError = 0;
    want.forEach((w, i) => {
      const e = relErr(got[i]!, w);
      maxLossRelError = Number.isNaN(e) ? Number.POSITIVE_INFINITY : Math.max(maxLossRelError, e);
      if (!(e <= lossRel))
        failures.push(
          `step ${i + 1}: loss ${got[i]} vs reference ${w} (relative error ${e.toExponential(2)} > ${lossRel})`,
        );
    });
    if (got.length !== want.length)
      failures.push(`trainEpoch returned ${got.length} losses for ${want.length} batches`);
    const diff = weightDiff(await test.getWeights(), await ref.getWeights(), failures);
    if (!(diff.max <= weightAbs)) {
      failures.push(
        `weights after step ${steps}: max |difference| ${diff.max.toExponential(2)} at ${diff.where} > ${weightAbs}`,
      );
    }
    const evalBackend = (await test.evaluate([batches[0]!])).loss;
    const evalRef = (await ref.evaluate([batches[0]!])).loss;
    const evalErr = relErr(evalBackend, evalRef);
    if (!(evalErr <= lossRel))
      failures.push(
        `eval loss ${evalBackend} vs reference ${evalRef} (relative error ${evalErr.toExponential(2)} > ${lossRel})`,
      );
    return {
      backend: backend.name,
      reference: reference.name,
      model,
      steps,
      batch,
      losses: { backend: got, reference: want },
      maxLossRelError,
      maxWeightError: diff.max,
      worstWeight: diff.where,
      evalLoss: { backend: evalBackend, reference: evalRef },
      tolerances: { lossRel, weightAbs },
      ok: failures.length === 0,
      failures,
    };
  } finally {
    for (const s of sessions) await s.dispose();
  }
}
