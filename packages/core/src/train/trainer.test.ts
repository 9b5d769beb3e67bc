import { describe, expect, it } from 'vitest';
import { compile, initWeights } from '../compiler';
import { DataLoader } from '../data/data-loader';
import { TensorDataset } from '../data/dataset';
import { discDataset } from '../data/disc';
import { createReferenceBackend } from '../reference';
import { mlp } from '../spec/builders/mlp';
import { smallResnet } from '../spec/builders/small-resnet';
import { Rng } from '../util/random';
import { DivergedError } from './diverged-error';
import { fineTune } from './fine-tune';
import { Trainer } from './trainer';

const meta = {
  runId: 't',
  experiment: 'test',
  backend: 'reference',
  device: 'cpu',
  batchSize: 50,
  params: 0,
};

describe('Trainer', () => {
  it('fits E3 data, records every epoch and prints a fastai table', async () => {
    const spec = mlp({ layers: 4 });
    const program = compile(spec, { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await createReferenceBackend().compile(program, { weights: initWeights(program, 0) });
    const lines: string[] = [];
    const train = discDataset({ n: 200, seed: 0 });
    const trainer = new Trainer({
      session,
      train: new DataLoader(train, { batchSize: 50 }),
      valid: new DataLoader(discDataset({ n: 200, seed: 1, stats: train.stats }), { batchSize: 200 }),
      meta,
      log: (l) => lines.push(l),
      trainError: 'last',
    });
    const records = await trainer.fit(5);
    expect(records.map((r) => r.epoch)).toEqual([1, 2, 3, 4, 5]);
    expect(records[4]!.trainLoss).toBeLessThan(records[0]!.trainLoss);
    expect(records[4]!.trainErrorRate).toBeTypeOf('number');
    expect(records[0]!.trainErrorRate).toBeUndefined();
    expect(records.every((r) => r.samplesPerSecond > 0 && r.errorRate !== null)).toBe(true);
    expect(lines[0]).toMatch(/^epoch\s+train_loss\s+valid_loss\s+error_rate\s+time$/);
    expect(lines).toHaveLength(6);
    expect(session.steps).toBe(20);
  });

  it('throws DivergedError naming the non-finite epoch, without emitting its record', async () => {
    // A learning rate of 1e30 blows the weights up within the first epoch.
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 1e30 } });
    const session = await createReferenceBackend().compile(program, { weights: initWeights(program, 0) });
    const seen: number[] = [];
    const trainer = new Trainer({
      session,
      train: new DataLoader(discDataset({ n: 100 }), { batchSize: 5 }),
      meta,
      onEpoch: (r) => seen.push(r.epoch),
    });
    const error = await trainer.fit(3).catch((e: unknown) => e);
    expect(DivergedError.isInstance(error)).toBe(true);
    expect((error as DivergedError).epoch).toBe(1);
    expect(Number.isFinite((error as DivergedError).loss)).toBe(false);
    expect(seen).toEqual([]);
    expect(trainer.records).toEqual([]);
  });

  it('throws EmptyDatasetError before any step when the training set is empty', async () => {
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await createReferenceBackend().compile(program, { weights: initWeights(program, 0) });
    const empty = new TensorDataset(new Float32Array(0), new Int32Array(0), [2], 2);
    const trainer = new Trainer({ session, train: new DataLoader(empty, { batchSize: 5 }), meta });
    await expect(trainer.fit(1)).rejects.toThrow(/training set is empty/);
    expect(session.steps).toBe(0);
  });

  it('streams batches into the session and counts the time spent waiting for them', async () => {
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await createReferenceBackend().compile(program, { weights: initWeights(program, 0) });
    const base = discDataset({ n: 60 });
    // A dataset whose collation takes about 20 ms per batch: the wait must show in dataSeconds.
    const slow = {
      length: base.length,
      inputShape: base.inputShape,
      numClasses: base.numClasses,
      get: (i: number) => base.get(i),
      getBatch: (idx: Int32Array) => {
        const until = performance.now() + 20;
        while (performance.now() < until) {}
        return base.getBatch(idx);
      },
    };
    const trainer = new Trainer({ session, train: new DataLoader(slow, { batchSize: 20 }), meta });
    const [record] = await trainer.fit(1);
    expect(record!.dataSeconds).toBeGreaterThanOrEqual(0.05);
    expect(record!.dataSeconds).toBeLessThanOrEqual(record!.seconds);
    expect(session.steps).toBe(3);
  });
});

describe('fineTune', () => {
  it('trains only the head while frozen, then everything, numbering epochs across phases', async () => {
    const spec = smallResnet({ inputShape: [8, 8, 3], classes: 2, width: 4 });
    const rng = new Rng(3);
    const n = 16;
    const x = Float32Array.from({ length: n * 8 * 8 * 3 }, () => rng.next());
    const y = Int32Array.from({ length: n }, (_, i) => i % 2);
    const loader = new DataLoader(new TensorDataset(x, y, [8, 8, 3], 2), { batchSize: 8 });
    const weights = initWeights(compile(spec, { optimizer: { kind: 'adam', lr: 1e-3 } }), 1);
    const phases: string[] = [];
    const compiled: number[] = [];
    const lines: string[] = [];
    const backend = createReferenceBackend();
    // Snapshot of the weights after the frozen phase, through a spy on the second compile.
    let afterFrozen: Record<string, Float32Array> = {};
    const spy = {
      ...backend,
      compile: async (
        p: Parameters<typeof backend.compile>[0],
        o?: Parameters<typeof backend.compile>[1],
      ) => {
        if (o?.weights && phases.length > 0)
          afterFrozen = Object.fromEntries(
            Object.entries(o.weights).map(([k, t]) => [k, Float32Array.from(t.data)]),
          );
        return backend.compile(p, o);
      },
    };
    const result = await fineTune({
      backend: spy,
      spec,
      optimizer: { kind: 'adam', lr: 1e-3 },
      weights,
      train: loader,
      meta,
      epochs: 2,
      log: (l) => lines.push(l),
      onEpoch: (r) => phases.push(`${r.phase}:${r.epoch}`),
      onCompiled: (s) => compiled.push(s),
    });
    expect(compiled).toHaveLength(2);
    expect(compiled[1]).toBe(result.compileSeconds);
    expect(compiled[1]!).toBeGreaterThan(compiled[0]!);
    expect(phases).toEqual(['frozen:1', 'unfrozen:2', 'unfrozen:3']);
    expect(lines[0]).toMatch(/^phase\s+epoch/);
    const body = Object.keys(weights).filter((k) => !k.startsWith('head_'));
    const head = Object.keys(weights).filter((k) => !body.includes(k));
    expect(body.length).toBeGreaterThan(0);
    expect(head.length).toBeGreaterThan(0);
    for (const k of body) expect(Array.from(afterFrozen[k]!)).toEqual(Array.from(weights[k]!.data));
    for (const k of head) expect(Array.from(afterFrozen[k]!)).not.toEqual(Array.from(weights[k]!.data));
    for (const k of body)
      expect(Array.from(result.weights[k]!.data)).not.toEqual(Array.from(afterFrozen[k]!));
  });
});
