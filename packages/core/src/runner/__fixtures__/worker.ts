import { hostInfo } from '../../results/host';
import { RESULTS_SCHEMA_VERSION } from '../../results/schema';
import { DivergedError } from '../../train/diverged-error';
import { Rng } from '../../util/random';
/**
 * Test fixture: a cell worker doing small but real work (logistic regression by mini-batch SGD
 * on a seeded 2-D problem) and emitting valid records, or failing on purpose as
 * `cell.options.behaviors[cell.id]` or `cell.options.behavior` says: 'ok' | 'throw' | 'throw-diverged' | 'oom-rss' | 'oom-heap' | 'sigkill' | 'nan' |
 * 'hang'. With `options.maxFit`, batch sizes above it throw a device-style out-of-memory error
 * (for the batch-size finder). `options.epochMs` pads each epoch to at least that many ms (busy-waiting with `options.spin`);
 * `options.gpuKind` makes the worker describe itself as a GPU backend.
 * Bundled with esbuild by the tests (see bundle-fixture.ts), so it runs under plain node.
 */
import { runCellWorker } from '../cell-worker';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

runCellWorker(async (cell, io) => {
  const o = cell.options as {
    behavior?: string;
    behaviors?: Record<string, string>;
    maxFit?: number;
    epochMs?: number;
    spin?: boolean;
    gpuKind?: boolean;
  };
  const behavior = o.behaviors?.[cell.id] ?? o.behavior ?? 'ok';
  const params = 3 * 10 ** ((cell.layers ?? 1) - 1);
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  const id = {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    runId: `${cell.id}#fixture`,
    cellId: cell.id,
    experiment: cell.experiment,
    backend: cell.backend,
    device: 'fixture-cpu',
    batchSize: cell.batchSize,
    params,
    repeat: cell.repeat,
    ...(cell.layers ? { layers: cell.layers } : {}),
  };
  io.describe({ device: 'fixture-cpu', deviceKind: o.gpuKind ? 'gpu' : 'cpu', params, flopsPerSample: 6 });
  if (o.maxFit !== undefined && cell.batchSize > o.maxFit) {
    throw new Error(`CUDA_ERROR_OUT_OF_MEMORY: out of memory allocating batch ${cell.batchSize}`);
  }
  if (behavior === 'throw') throw new Error('fixture failure: the data folder "nowhere" does not exist');
  if (behavior === 'throw-diverged') throw new DivergedError(3, Number.NaN);

  // Data: 512 points, label = x + y > 0; the first 384 train, the rest validate.
  const rng = new Rng(7);
  const xs = Array.from({ length: 512 }, () => [rng.next() * 2 - 1, rng.next() * 2 - 1]);
  const ys = xs.map(([a, b]) => (a + b > 0 ? 1 : 0));
  const w = [0, 0, 0];
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const lossOn = (from: number, to: number) => {
    let loss = 0;
    let wrong = 0;
    for (let i = from; i < to; i++) {
      const p = sig(w[0] * xs[i][0] + w[1] * xs[i][1] + w[2]);
      loss -= ys[i] ? Math.log(p + 1e-9) : Math.log(1 - p + 1e-9);
      if ((p > 0.5 ? 1 : 0) !== ys[i]) wrong++;
    }
    return { loss: loss / (to - from), error: wrong / (to - from) };
  };
  const hog: unknown[] = [];
  for (let epoch = 1; epoch <= cell.epochs; epoch++) {
    io.epochStarted(epoch);
    const e0 = performance.now();
    for (let s = 0; s < 384; s += cell.batchSize) {
      const g = [0, 0, 0];
      const end = Math.min(384, s + cell.batchSize);
      for (let i = s; i < end; i++) {
        const d = sig(w[0] * xs[i][0] + w[1] * xs[i][1] + w[2]) - ys[i];
        g[0] += d * xs[i][0];
        g[1] += d * xs[i][1];
        g[2] += d;
      }
      for (let k = 0; k < 3; k++) w[k] -= (0.5 * g[k]) / (end - s);
    }
    if (behavior === 'oom-rss') {
      for (;;) {
        hog.push(Buffer.alloc(16 << 20, 1));
        await sleep(5);
      }
    }
    if (behavior === 'oom-heap') {
      for (;;) hog.push(Array.from({ length: 1e5 }, (_, i) => ({ i, s: `x${i}` })));
    }
    if (behavior === 'sigkill' && epoch === 2) process.kill(process.pid, 'SIGKILL');
    if (behavior === 'hang') await new Promise(() => {});
    const padding = (o.epochMs ?? 0) - (performance.now() - e0);
    if (padding > 0 && o.spin)
      while (performance.now() - e0 < (o.epochMs ?? 0)) {} // busy, like a CPU-bound epoch
    else if (padding > 0) await sleep(padding);
    const seconds = (performance.now() - e0) / 1000;
    const train = lossOn(0, 384);
    const valid = lossOn(384, 512);
    io.emit({
      ...id,
      kind: 'epoch',
      epoch,
      trainLoss: behavior === 'nan' && epoch === 2 ? Number.NaN : train.loss,
      validLoss: valid.loss,
      errorRate: valid.error,
      seconds,
      samplesPerSecond: 384 / seconds,
      timestamp: new Date().toISOString(),
    });
  }
  const last = lossOn(384, 512);
  io.emit({
    ...id,
    kind: 'run',
    status: 'ok',
    epochs: cell.epochs,
    totalSeconds: (performance.now() - t0) / 1000,
    peakRssBytes: process.memoryUsage.rss(),
    finalTrainLoss: lossOn(0, 384).loss,
    finalValidLoss: last.loss,
    finalErrorRate: last.error,
    samplesPerSecond: 1000,
    flopsPerSample: 6,
    startedAt,
    host: hostInfo(),
  });
});
