/**
 * E4, the Keras CIFAR-10 CNN (787,530 parameters): Adam 0.001, batch 250, categorical
 * cross-entropy; 2 epochs on a CPU backend and 10 on a GPU one unless --epochs says otherwise.
 * Data: the official CIFAR-10 binary folder or the E4 HDF5 file (--data), downloaded with
 * --download, or the MNIST digits of the `mnist` package (--dataset mnist, a 28x28x1 variant of the
 * same CNN). Emits per-epoch curves, a test evaluation and a predictions record for the 4x6 grid.
 * `--model resnet18|mobilenetv2|FILE.onnx` trains that network on the same data instead of the CNN.
 */
import {
  DataLoader,
  EmptyDatasetError,
  RESULTS_SCHEMA_VERSION,
  SubsetDataset,
  Trainer,
  cifarCnn,
  collate,
  compile,
  compileSession,
  flopsPerSample,
  initWeights,
  paramCount,
} from '@bench/core';
import type { Dataset } from '@bench/core';
import { CIFAR10_CLASSES, downloadCifar10, loadMnist, openCifar10, openHdf5Dataset } from '@bench/datasets';
import { UsageError } from '../usage-error';
import { askedModelName } from './e1-bird-vs-forest';
import type { Cell, CellContext, Experiment, ExperimentContext, SetIdentity } from './experiment';
import { resolveModel } from './model-option';
import { intOption, stringOption } from './options';
import { imagesToPngDataUrls, renderPredictionGrid } from './png';

interface Splits {
  train: Dataset;
  test: Dataset;
  classNames: string[];
  name: string;
  /** Releases open files, if the data set keeps any. */
  close?: () => void;
}

async function loadData(cell: Cell, ctx: ExperimentContext): Promise<Splits> {
  const dataset = stringOption(cell, 'dataset') ?? 'cifar10';
  const limit = intOption(cell, 'limit');
  const testLimit = limit ? Math.max(1, Math.round(limit / 5)) : undefined;
  if (dataset === 'mnist') {
    const { train, test } = await loadMnist({ train: limit ?? 8000, test: testLimit ?? 2000 });
    return { train, test, classNames: [...(train.classNames ?? [])], name: 'mnist' };
  }
  if (dataset !== 'cifar10') throw new UsageError(`--dataset must be cifar10 or mnist, got "${dataset}"`);
  let dir = stringOption(cell, 'data');
  if (!dir && cell.options?.download) {
    ctx.log('downloading CIFAR-10 (binary version, 162 MB)...');
    dir = await downloadCifar10({});
  }
  if (!dir) {
    throw new UsageError(
      'E4 needs CIFAR-10: pass --data DIR (the official binary version: data_batch_1..5.bin, test_batch.bin) or --data FILE.h5 (the E4 HDF5 layout), add --download to fetch it, or use --dataset mnist',
    );
  }
  if (/\.(h5|hdf5)$/i.test(dir)) {
    const train = await openHdf5Dataset(dir, 'train');
    const test = await openHdf5Dataset(dir, 'valid');
    return {
      train: limitDataset(train, limit),
      test: limitDataset(test, testLimit),
      classNames: [...train.classNames],
      name: 'cifar10-hdf5',
    };
  }
  // Read from the files batch by batch: the process holds the labels, not 185 MB of pixels.
  const train = await openCifar10(dir, { split: 'train', limit });
  const test = await openCifar10(dir, { split: 'test', limit: testLimit });
  return {
    train,
    test,
    classNames: [...CIFAR10_CLASSES],
    name: 'cifar10',
    close: () => {
      train.close();
      test.close();
    },
  };
}

/** The first `limit` examples of a dataset (a view). */
function limitDataset(ds: Dataset, limit?: number): Dataset {
  if (!limit || limit >= ds.length) return ds;
  return new SubsetDataset(
    ds,
    Int32Array.from({ length: limit }, (_, i) => i),
  );
}

export const e4: Experiment = {
  name: 'e4',
  description:
    'CIFAR-10 CNN (787,530 parameters), Adam 0.001, batch 250; curves, test evaluation, 4x6 prediction grid',
  defaultBatchSizes: [250],
  defaultEpochs: (deviceKind) => (deviceKind === 'gpu' ? 10 : 2),
  defaults: (cell) => {
    const dataset = stringOption(cell, 'dataset') ?? 'cifar10';
    const shape = dataset === 'mnist' ? '28x28x1' : '32x32x3';
    return { model: `${askedModelName(cell, `cifar-cnn-${shape}`)}-${dataset}` };
  },
  async run(cell, ctx, setIdentity) {
    const data = await loadData(cell, ctx);
    try {
      await runOn(data, cell, ctx, setIdentity);
    } finally {
      data.close?.();
    }
  },
};

async function runOn(data: Splits, cell: Cell, ctx: CellContext, setIdentity: SetIdentity): Promise<void> {
  // Before the model is sized from the data (an empty file would give it a wrong class count).
  if (data.train.length === 0)
    throw new EmptyDatasetError(`training set of ${stringOption(cell, 'data') ?? data.name}`);
  const [h, w, c] = data.train.inputShape as [number, number, number];
  const classes = data.classNames.length || 10;
  const model = await resolveModel(cell, [h, w, c], classes, () =>
    cifarCnn({ inputShape: [h, w, c], classes }),
  );
  const spec = model.spec;
  const backend = await ctx.registry.get(cell.backend);
  const batchSize = cell.batchSize;
  const seed = cell.seed ?? 0;
  const identity = setIdentity({
    experiment: 'e4',
    backend: cell.backend,
    device: backend.device,
    batchSize,
    params: paramCount(spec),
    model: `${spec.name}-${data.name}`,
  });
  const program = compile(spec, { optimizer: { kind: 'adam', lr: 0.001 }, seed });
  ctx.report({ flopsPerSample: flopsPerSample(spec) });
  const { session, compileSeconds } = await compileSession(backend, program, {
    weights: { ...initWeights(program, seed), ...(model.weights ?? {}) },
    batchSize,
    lastBatchSize: data.train.length % batchSize,
  });
  ctx.report({ warmupSeconds: compileSeconds });
  try {
    const epochs = cell.epochs;
    ctx.log(
      `\n${cell.backend} | ${spec.name} on ${data.name} | ${identity.params.toLocaleString('en-US')} parameters | ${data.train.length} train, ${data.test.length} test | batch ${batchSize} | ${epochs} epochs`,
    );
    const trainer = new Trainer({
      session,
      train: new DataLoader(data.train, { batchSize, shuffle: true, seed }),
      valid: new DataLoader(data.test, { batchSize }),
      meta: { ...identity, device: session.device },
      log: ctx.log,
      onEpoch: (r) => ctx.emit(r),
      onEpochStart: ctx.onEpochStart,
    });
    const records = await trainer.fit(epochs);
    const last = records[records.length - 1]!;
    ctx.log(
      `test loss ${last.validLoss?.toFixed(4)}, test accuracy ${((1 - (last.errorRate ?? 1)) * 100).toFixed(2)}%`,
    );
    // The 4x6 grid: the first 24 test images with true and predicted class (only those collated).
    const n = Math.min(24, data.test.length);
    const batch = collate(
      data.test,
      Int32Array.from({ length: n }, (_, i) => i),
    );
    const probs = await session.predict(batch.x);
    const k = probs.shape[1]!;
    const images = await imagesToPngDataUrls(batch.x);
    const items = Array.from({ length: n }, (_, i) => {
      const row = probs.data.subarray(i * k, (i + 1) * k);
      let best = 0;
      for (let j = 1; j < k; j++) if (row[j]! > row[best]!) best = j;
      return { image: images[i], label: batch.y.data[i]!, predicted: best, probability: row[best]! };
    });
    ctx.emit({
      schemaVersion: RESULTS_SCHEMA_VERSION,
      kind: 'predictions',
      ...identity,
      device: session.device,
      classNames: data.classNames,
      items,
    });
    const grid = stringOption(cell, 'grid');
    if (grid) {
      await renderPredictionGrid(items, data.classNames, grid);
      ctx.log(`prediction grid written to ${grid}`);
    }
  } finally {
    await session.dispose();
  }
}
