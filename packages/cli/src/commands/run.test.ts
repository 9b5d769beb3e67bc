/**
 * `bench run`: the same cells and run records as `bench sweep`; diverged and failed runs are
 * recorded and the command goes on; every flag is checked before the first cell starts.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  type EpochRecord,
  type ResultRecord,
  type RunRecord,
  compile,
  initWeights,
  readRecords,
  resnet18,
  saveCheckpoint,
} from '@bench/core';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadH5 } from '../../../datasets/src/hdf5/h5';
import { main } from '../main';
import { loadRegistry } from '../registry';

let out: string[] = [];
let err: string[] = [];
let worker: string;

beforeAll(async () => {
  // The CLI's own cell worker, bundled from sources (packages stay external and resolve from the
  // repository's node_modules), so the sweep below runs exactly the code `bench run` runs.
  const { build } = await import('esbuild');
  const packages = resolve(__dirname, '../../..');
  const alias = Object.fromEntries(
    readdirSync(packages).map((d) => [`@bench/${d}`, join(packages, d, 'src', 'index.ts')]),
  );
  const dir = resolve(__dirname, '../../node_modules/.cache/bench-test');
  mkdirSync(dir, { recursive: true });
  worker = join(mkdtempSync(join(dir, 'worker-')), 'cell-worker.mjs');
  await build({
    entryPoints: [resolve(__dirname, '../cell-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: worker,
    alias,
    packages: 'external',
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
});

beforeEach(() => {
  out = [];
  err = [];
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out.push(String(s));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err.push(String(s));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

const bench = (...args: string[]) => main(['node', 'bench', ...args]);
const tmp = () => mkdtempSync(join(tmpdir(), 'bench-run-'));
const records = (path: string): ResultRecord[] => (existsSync(path) ? readRecords(path).records : []);
const runsOf = (path: string) => records(path).filter((r): r is RunRecord => r.kind === 'run');

/** Fields that measure time or memory, or are random per run: left out of the comparison. */
const TIMING = new Set([
  'runId',
  'totalSeconds',
  'trainSeconds',
  'warmupSeconds',
  'firstEpochSeconds',
  'medianEpochSeconds',
  'dataSeconds',
  'peakRssBytes',
  'meanCpuPercent',
  'samplesPerSecond',
  'startedAt',
  'seconds',
  'evalSeconds',
  'timestamp',
  // MFU divides by the CPU peak calibrated in each process (a timing too).
  'mfu',
  'peakFlops',
  'peakSource',
]);
const untimed = (r: ResultRecord) => Object.fromEntries(Object.entries(r).filter(([k]) => !TIMING.has(k)));

/** A CIFAR-style HDF5 file with float32 pixels (E4's layout), `train` rows of which the first has a NaN. */
async function hdf5(path: string, train: number, nanPixel: boolean): Promise<void> {
  const h5 = await loadH5();
  const f = new h5.File(path, 'w');
  const px = (n: number) => Float32Array.from({ length: n * 3072 }, (_, i) => ((i * 7919) % 255) / 255);
  const x = px(train);
  if (nanPixel && train > 0) x[5] = Number.NaN;
  f.create_dataset({ name: 'x_train', data: x, shape: [train, 32, 32, 3], dtype: '<f' });
  f.create_dataset({
    name: 'y_train',
    data: Uint8Array.from({ length: train }, (_, i) => i % 10),
    shape: [train, 1],
    dtype: '<B',
  });
  f.create_dataset({ name: 'x_valid', data: px(4), shape: [4, 32, 32, 3], dtype: '<f' });
  f.create_dataset({ name: 'y_valid', data: Uint8Array.of(0, 1, 2, 3), shape: [4, 1], dtype: '<B' });
  f.close();
}

describe('bench run', () => {
  it('writes the same run and epoch records as bench sweep for the same cell (modulo timings)', async () => {
    const dir = tmp();
    const flags = ['--layers', '2', '--epochs', '2', '--out'];
    expect(
      await bench('run', 'e3', '--backends', 'reference', ...flags, join(dir, 'run.jsonl'), '--json'),
    ).toBe(0);
    expect(
      await bench(
        'sweep',
        '--experiment',
        'e3',
        '--backends',
        'reference',
        '--batch-sizes',
        '100',
        ...flags,
        join(dir, 'sweep.jsonl'),
        '--json',
        '--worker',
        worker,
      ),
    ).toBe(0);
    const [a, b] = [records(join(dir, 'run.jsonl')), records(join(dir, 'sweep.jsonl'))];
    const kinds = (rs: ResultRecord[]) => rs.filter((r) => r.kind !== 'telemetry');
    expect(kinds(a).map((r) => r.kind)).toEqual(['epoch', 'epoch', 'run']);
    expect(kinds(a).map(untimed)).toEqual(kinds(b).map(untimed));
    const run = a.at(-1) as RunRecord;
    expect(run).toMatchObject({ status: 'ok', cellId: 'e3/reference/bs100/l2/r0', epochs: 2 });
    // Warm-up (compile + prepare) apart; samples/s from the steady-state epoch (the second).
    const second = a[1] as EpochRecord;
    expect(run.warmupSeconds).toBeGreaterThan(0);
    expect(run.samplesPerSecond).toBe(second.samplesPerSecond);
    expect(run.medianEpochSeconds).toBe(second.seconds);
    // A CPU backend's run carries MFU against the calibrated CPU peak, in both paths.
    for (const r of [run, kinds(b).at(-1) as RunRecord]) {
      expect(r.mfu).toBeGreaterThan(0);
      expect(r.mfu).toBeCloseTo((r.flopsPerSample! * 3 * r.samplesPerSecond!) / r.peakFlops!, 12);
      expect(r.peakSource).toMatch(/^calibrated: .*onnxruntime .*MatMul/);
    }
  });

  it('records diverged runs (all-NaN --weights) and goes on with later repeats and cells', async () => {
    const dir = tmp();
    const size = 16;
    // E1's default model (ResNet-18, 2-class head), so that every tensor of the checkpoint is used.
    const program = compile(resnet18({ inputShape: [size, size, 3], classes: 2 }), {
      optimizer: { kind: 'adam', lr: 1e-3 },
    });
    const nan = Object.fromEntries(
      Object.entries(initWeights(program, 0)).map(([k, t]) => [
        k,
        { ...t, data: t.data.map(() => Number.NaN) },
      ]),
    );
    saveCheckpoint(join(dir, 'nan.safetensors'), nan);
    const out = join(dir, 'r.jsonl');
    const code = await bench(
      'run',
      'e1',
      '--backend',
      'reference',
      '--size',
      String(size),
      '--per-class',
      '8',
      '--batch-size',
      '8,16',
      '--epochs',
      '1',
      '--repeats',
      '2',
      '--weights',
      join(dir, 'nan.safetensors'),
      '--out',
      out,
      '--json',
    );
    expect(code).toBe(1);
    const runs = runsOf(out);
    expect(runs.map((r) => r.cellId)).toEqual([
      'e1/reference/bs8/r0',
      'e1/reference/bs16/r0',
      'e1/reference/bs8/r1',
      'e1/reference/bs16/r1',
    ]);
    for (const r of runs) {
      expect(r.status).toBe('diverged');
      expect(r.divergence).toEqual({ epoch: 1, loss: 'NaN' });
      expect(r.error).toMatch(/diverged: epoch 1/);
    }
    expect(records(out).filter((r) => r.kind === 'epoch')).toHaveLength(0);
  });

  it('records a NaN pixel in an HDF5 training set as diverged on onnxruntime-cpu, for every repeat', async () => {
    const { registry } = await loadRegistry();
    const probe = registry.has('onnxruntime-cpu')
      ? await registry.entry('onnxruntime-cpu').probe()
      : undefined;
    if (!probe?.available) {
      console.warn(`skipped: onnxruntime-cpu is not available here (${probe?.reason ?? 'not registered'})`);
      return;
    }
    const dir = tmp();
    await hdf5(join(dir, 'nan.h5'), 20, true);
    const out = join(dir, 'r.jsonl');
    const args = ['--batch-size', '10', '--epochs', '2', '--repeats', '2', '--out', out, '--json'];
    expect(
      await bench('run', 'e4', '--backend', 'onnxruntime-cpu', '--data', join(dir, 'nan.h5'), ...args),
    ).toBe(1);
    const runs = runsOf(out);
    expect(runs.map((r) => [r.repeat, r.status, r.divergence?.epoch])).toEqual([
      [0, 'diverged', 1],
      [1, 'diverged', 1],
    ]);
    expect(runs[0]!.divergence!.loss).toMatch(/^(NaN|-?Infinity)$/);
  });

  it('records an empty training set as a failed run naming the cause, and goes on', async () => {
    const dir = tmp();
    await hdf5(join(dir, 'empty.h5'), 0, false);
    const out = join(dir, 'r.jsonl');
    const code = await bench(
      'run',
      'e4',
      '--backend',
      'reference',
      '--data',
      join(dir, 'empty.h5'),
      '--batch-size',
      '4',
      '--epochs',
      '1',
      '--repeats',
      '2',
      '--out',
      out,
      '--json',
    );
    expect(code).toBe(1);
    const runs = runsOf(out);
    expect(runs).toHaveLength(2);
    for (const r of runs) {
      expect(r.status).toBe('failed');
      expect(r.error).toMatch(/empty|0 rows|no rows|has 0/i);
    }
  });

  const rejected: [string, string[], RegExp][] = [
    [
      '--size beyond 512',
      ['e1', '--size', '30000'],
      /--size must be between 8 and 512 px, got 30000: memory grows/,
    ],
    [
      '--target-accuracy above 1',
      ['e2', '--target-accuracy', '5'],
      /--target-accuracy must be a fraction in \(0, 1\]/,
    ],
    ['--target-accuracy 0', ['e2', '--target-accuracy', '0'], /--target-accuracy must be a fraction/],
    ['--batch-size 1e21', ['e3', '--batch-size', '1e21'], /--batch-sizes expects a comma-separated list/],
    ['--seed 1e300', ['e3', '--seed', '1e300'], /--seed expects a non-negative integer/],
    ['--seed -1', ['e3', '--seed', '-1'], /--seed expects a non-negative integer/],
    ['--export on a backend that cannot export', ['e3', '--export', 'm.onnx'], /cannot write ONNX files/],
    ['--export outside E3', ['e4', '--export', 'm.onnx'], /--export is an E3 option/],
  ];
  for (const [what, args, message] of rejected) {
    it(`rejects ${what} before any cell runs (exit 2, nothing written)`, async () => {
      const outFile = join(tmp(), 'r.jsonl');
      const code = await bench('run', ...args, '--backend', 'reference', '--epochs', '1', '--out', outFile);
      expect(code).toBe(2);
      expect(err.join('')).toMatch(message);
      expect(existsSync(outFile)).toBe(false);
    });
  }

  it('keeps --backend and --batch-size as aliases of --backends and --batch-sizes', async () => {
    const code = await bench(
      'run',
      'e3',
      '--backend',
      'reference',
      '--backends',
      'tfjs-cpu',
      '--epochs',
      '1',
    );
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/give the backends once/);
  });
});
