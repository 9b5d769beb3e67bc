/**
 * E3, "where the GPU starts to win": MLPs of 2..12 linear layers with doubling widths trained
 * on the disc data set (1000 points, batch 100, plain SGD lr 0.1, no shuffling), timing the
 * epochs. A held-out disc set (next seed, the training set's normalisation) gives valid loss and
 * error; the training error is measured after the last epoch.
 */
import {
  DataLoader,
  Trainer,
  compile,
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
  defaults: (cell) => ({ batchSize: cell.batchSize ?? 100, model: `mlp-${cell.layers ?? 8}` }),
  async run(cell, ctx, setIdentity) {
    const layers = cell.layers ?? 8;
    const batchSize = cell.batchSize ?? 100;
    const epochs = cell.epochs ?? 100;
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
    const t0 = performance.now();
    const session = await backend.compile(program, { weights: initWeights(program, seed) });
    const warmupSeconds = (performance.now() - t0) / 1000;
    try {
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
      const records = await trainer.fit(epochs);
      const exportPath = stringOption(cell, 'export');
      if (exportPath) {
        if (!session.exportOnnx) {
          throw new UsageError(
            `--export: backend "${cell.backend}" cannot write ONNX files; use onnxruntime-cpu or onnxruntime-cuda`,
          );
        }
        await session.exportOnnx(exportPath);
        ctx.log(`inference model written to ${exportPath} (ONNX: input x [N, 2], output probs)`);
      }
      const last = records[records.length - 1];
      const trainSeconds = records.reduce((s, r) => s + r.seconds, 0);
      return {
        identity,
        epochs,
        trainSeconds,
        warmupSeconds,
        samplesPerSecond: trainSeconds > 0 ? (train.length * epochs) / trainSeconds : 0,
        finalTrainLoss: last?.trainLoss,
        finalValidLoss: last?.validLoss ?? null,
        finalErrorRate: last?.errorRate ?? null,
        finalTrainErrorRate: last?.trainErrorRate ?? null,
        flopsPerSample: flopsPerSample(spec),
      };
    } finally {
      await session.dispose();
    }
  },
};
