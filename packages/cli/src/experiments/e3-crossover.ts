/**
 * E3, "where the GPU starts to win": MLPs of 2..12 linear layers with doubling widths trained
 * on the disc data set (1000 points, batch 100, plain SGD lr 0.1, no shuffling), timing the
 * epochs. A held-out disc set (next seed, the training set's normalisation) gives valid loss and
 * error; the training error is measured after the last epoch.
 */
import {
  type Backend,
  DataLoader,
  Trainer,
  compile,
  compileSession,
  discDataset,
  flopsPerSample,
  initWeights,
  mlp,
  paramCount,
} from '@bench/core';
import { UsageError } from '../usage-error';
import type { Experiment } from './experiment';
import { stringOption } from './options';

export const e3: Experiment = {
  name: 'e3',
  description: 'model-size crossover: MLPs of 2..12 layers on the disc data set, SGD 0.1, batch 100',
  defaultBatchSizes: [100],
  defaultEpochs: () => 100,
  defaults: (cell) => ({ model: `mlp-${cell.layers ?? 8}` }),
  async run(cell, ctx, setIdentity) {
    const layers = cell.layers ?? 8;
    const batchSize = cell.batchSize;
    const epochs = cell.epochs;
    const seed = cell.seed ?? 0;
    const train = discDataset({ n: 1000, seed });
    const valid = discDataset({ n: 1000, seed: seed + 1, stats: train.stats });
    const spec = mlp({ layers });
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 }, seed });
    const params = paramCount(spec);
    const backend = await ctx.registry.get(cell.backend);
    const identity = setIdentity({
      experiment: 'e3',
      backend: cell.backend,
      device: backend.device,
      batchSize,
      params,
      layers,
      model: `mlp-${layers}`,
    });
    ctx.report({ flopsPerSample: flopsPerSample(spec) });
    const { session, compileSeconds } = await compileSession(backend, program, {
      weights: initWeights(program, seed),
      batchSize,
      lastBatchSize: train.length % batchSize,
    });
    ctx.report({ warmupSeconds: compileSeconds });
    try {
      const exportPath = stringOption(cell, 'export');
      // Checked before training, so that a backend that cannot export wastes no run.
      if (exportPath && !session.exportOnnx) throw exportUnsupported(cell.backend);
      ctx.log(
        `\n${cell.backend} | ${spec.name} | ${params.toLocaleString('en-US')} parameters | batch ${batchSize} | ${epochs} epochs`,
      );
      const trainer = new Trainer({
        session,
        train: new DataLoader(train, { batchSize, shuffle: false }),
        valid: new DataLoader(valid, { batchSize: 1000 }),
        meta: { ...identity, device: session.device },
        log: ctx.log,
        onEpoch: (r) => ctx.emit(r),
        onEpochStart: ctx.onEpochStart,
        trainError: 'last',
        evalEvery: Math.max(1, Math.round(epochs / 10)),
        logEvery: Math.max(1, Math.round(epochs / 10)),
      });
      await trainer.fit(epochs);
      if (exportPath && session.exportOnnx) {
        await session.exportOnnx(exportPath);
        ctx.log(`inference model written to ${exportPath} (ONNX: input x [N, 2], output probs)`);
      }
    } finally {
      await session.dispose();
    }
  },
};

function exportUnsupported(backend: string): UsageError {
  return new UsageError(
    `--export: backend "${backend}" cannot write ONNX files; use onnxruntime-cpu or onnxruntime-cuda`,
  );
}

/**
 * Whether sessions of `backend` can export ONNX, found by compiling the smallest E3 model once
 * (milliseconds): lets `bench run --export` refuse a backend before any training.
 */
export async function checkCanExport(name: string, backend: Backend): Promise<void> {
  const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
  const session = await backend.compile(program, { weights: initWeights(program, 0) });
  try {
    if (!session.exportOnnx) throw exportUnsupported(name);
  } finally {
    await session.dispose();
  }
}
