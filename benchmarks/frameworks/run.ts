/**
 * Bench's backends beside current releases of the reference frameworks, in one run on one
 * machine: E3 (seconds per 100 epochs of the MLPs, SGD lr 0.1, 1000 disc points, batch 100, same
 * initial weights) against PyTorch, and E4 (training samples/s of the 787,530-parameter CIFAR CNN,
 * Adam, dropout, batch 250, random CIFAR-shaped data) against PyTorch and the seed's Keras model
 * on TensorFlow. Printed as ratios to the current PyTorch wheel; raw JSON (versions, BLAS, thread
 * counts, load average) to benchmarks/results/frameworks-<UTC stamp>.json.
 *
 *   npm run frameworks -w benchmarks -- [--backends tfjs-node,onnxruntime-cpu,tfjs-wasm]
 *       [--layers 2,4,6,8,10] [--e3-epochs 10] [--e4-steps 20] [--repeats 1] [--torch-threads 2,1]
 *       [--no-e3] [--no-e4]
 *
 * The Python side comes from frameworks/venvs.sh (current torch and tensorflow-cpu wheels from
 * PyPI, each in its own venv under ~/.cache/bench, created on first use: benchmark dependencies,
 * never the SDK's) plus Debian's python3-torch where /usr/bin/python3 has it. Each E3 cell times
 * `--e3-epochs` epochs after one warm-up epoch and scales to 100; depth 10 times a third of them.
 * Engines run alternately (one cell of each before the next cell), `--repeats` times, medians.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { backends as onnxruntimeBackends } from '@bench/adapter-onnxruntime';
import { backends as tfjsBackends } from '@bench/adapter-tfjs';
import { backends as tfjsNodeBackends } from '@bench/adapter-tfjs-node';
import {
  BackendRegistry,
  Rng,
  cifarCnn,
  compile,
  discDataset,
  initWeights,
  mlp,
  referenceBackendEntry,
} from '@bench/core';
import type { Backend, Batch, Program } from '@bench/core';
import { median, here as ortDir, resultsDir, timed } from '../onnxruntime/common';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const backendNames = flag('--backends', 'tfjs-node,onnxruntime-cpu,tfjs-wasm').split(',');
const depths = flag('--layers', '2,4,6,8,10').split(',').map(Number);
const e3Epochs = Number(flag('--e3-epochs', '10'));
const e4Steps = Number(flag('--e4-steps', '20'));
const repeats = Number(flag('--repeats', '1'));
const threads = cpus().length;
/** PyTorch intra-op thread counts to run, each its own column (default: every core, as the post). */
const torchThreads = flag('--torch-threads', String(threads)).split(',').map(Number);

// ---- Python environments -------------------------------------------------------------------
interface Python {
  label: string;
  python: string;
  env?: Record<string, string>;
  /** PyTorch intra-op threads (torch interpreters only). */
  threads?: number;
}
function pythons(): { torch: Python[]; keras?: Python } {
  const r = spawnSync('bash', [join(ortDir, '..', 'frameworks', 'venvs.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (r.status !== 0) throw new Error('frameworks/venvs.sh failed (see above): PyPI must be reachable once');
  const venv = Object.fromEntries(
    r.stdout
      .trim()
      .split('\n')
      .map((l) => l.split('=') as [string, string]),
  );
  const torchKey = Object.keys(venv).find((k) => k.startsWith('torch-'))!;
  const tfKey = Object.keys(venv).find((k) => k.startsWith('tensorflow-cpu-'))!;
  const torch: Python[] = torchThreads.map((t) => ({
    label: `pytorch ${torchKey.slice(6)} (PyPI wheel, ${t} thr)`,
    python: venv[torchKey]!,
    threads: t,
  }));
  const debian = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  if (debian.status === 0)
    for (const t of torchThreads)
      torch.push({
        label: `pytorch ${debian.stdout.trim()} (Debian, system BLAS, ${t} thr)`,
        python: '/usr/bin/python3',
        // the fastest configuration of Debian's OpenBLAS measured here (ENGINE-NOTES.md)
        env: { OPENBLAS_NUM_THREADS: '1' },
        threads: t,
      });
  else console.log('Debian python3-torch is not installed: comparing with the PyPI wheel only');
  return {
    torch,
    keras: { label: `keras on tensorflow-cpu ${tfKey.slice(15)} (PyPI wheel)`, python: venv[tfKey]! },
  };
}

function runPython(p: Python, script: string, arg: unknown): Record<string, unknown> {
  const r = spawnSync(p.python, [script, JSON.stringify(arg)], {
    encoding: 'utf8',
    maxBuffer: 64 * 2 ** 20,
    env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: '2', ...p.env },
  });
  if (r.status !== 0)
    throw new Error(`${p.label}: ${script} failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}

// ---- Bench backends ------------------------------------------------------------------------
const registry = new BackendRegistry();
registry.register(referenceBackendEntry);
for (const e of [...onnxruntimeBackends, ...tfjsBackends, ...tfjsNodeBackends]) registry.register(e);
const benchBackends = new Map<string, { backend: Backend; device: string }>();
for (const name of backendNames) {
  const probe = await registry.probe(name);
  if (!probe.available) {
    console.log(`${name}: not available here (${probe.reason}); fix: ${probe.remedy}`);
    continue;
  }
  benchBackends.set(name, { backend: await registry.get(name), device: probe.device ?? '' });
}

// ---- E3 ------------------------------------------------------------------------------------
const N = 1000;
const BATCH = 100;
const ds = discDataset({ n: N, seed: 0 });
const e3Batches: Batch[] = Array.from({ length: N / BATCH }, (_, i) => ({
  x: { dtype: 'float32', shape: [BATCH, 2], data: ds.x.slice(i * BATCH * 2, (i + 1) * BATCH * 2) },
  y: { dtype: 'int32', shape: [BATCH], data: ds.y.slice(i * BATCH, (i + 1) * BATCH) },
}));
const epochsFor = (depth: number) => (depth >= 10 ? Math.max(1, Math.round(e3Epochs / 3)) : e3Epochs);
const mlpProgram = (depth: number): Program =>
  compile(mlp({ layers: depth }), { optimizer: { kind: 'sgd', lr: 0.1 } });

async function e3Bench(backend: Backend, p: Program, epochs: number) {
  const session = await backend.compile(p, { weights: initWeights(p, 0) });
  await session.trainEpoch(e3Batches); // warm-up: kernels, sessions, first allocations
  let last = new Float32Array();
  const t = await timed(async () => {
    for (let e = 0; e < epochs; e++) last = await session.trainEpoch(e3Batches);
  });
  await session.dispose();
  return {
    seconds: t.seconds,
    cpuSeconds: t.cpuSeconds,
    lastEpochLoss: last.reduce((a, b) => a + b, 0) / last.length,
  };
}

function e3Torch(py: Python, p: Program, depth: number, epochs: number) {
  const w = initWeights(p, 0);
  const sizes = [2, ...Array.from({ length: depth - 1 }, (_, i) => 4 * 2 ** i), 2];
  const parts: Float32Array[] = [ds.x];
  for (let i = 1; i <= depth; i++)
    parts.push(w[`dense_${i}/kernel`]!.data as Float32Array, w[`dense_${i}/bias`]!.data as Float32Array);
  const all = new Float32Array(parts.reduce((a, b) => a + b.length, 0));
  let off = 0;
  for (const part of parts) {
    all.set(part, off);
    off += part.length;
  }
  const data = join(tmpdir(), `bench-frameworks-e3-${depth}.bin`);
  const labels = join(tmpdir(), 'bench-frameworks-e3-labels.bin');
  writeFileSync(data, all);
  writeFileSync(labels, ds.y);
  return runPython(py, join(ortDir, 'torch_e3.py'), {
    data,
    labels,
    n: N,
    sizes,
    batch: BATCH,
    epochs,
    threads: py.threads,
  });
}

// ---- E4 ------------------------------------------------------------------------------------
const E4_BATCH = 250;
const rng = new Rng(1);
const e4Batches: Batch[] = Array.from({ length: e4Steps }, () => ({
  x: {
    dtype: 'float32',
    shape: [E4_BATCH, 32, 32, 3],
    data: Float32Array.from({ length: E4_BATCH * 32 * 32 * 3 }, () => rng.next()),
  },
  y: { dtype: 'int32', shape: [E4_BATCH], data: Int32Array.from({ length: E4_BATCH }, () => rng.int(10)) },
}));

async function e4Bench(backend: Backend) {
  const p = compile(cifarCnn(), { optimizer: { kind: 'adam', lr: 0.001 } });
  const session = await backend.compile(p, { seed: 0 });
  await session.trainEpoch([e4Batches[0]!]); // warm-up step
  const t = await timed(() => session.trainEpoch(e4Batches));
  await session.dispose();
  return { seconds: t.seconds, cpuSeconds: t.cpuSeconds, samplesPerSecond: (e4Steps * E4_BATCH) / t.seconds };
}

/** The PyPI-wheel PyTorch column whose median is best by `better`. */
function fastest(samples: Map<string, number[]>, better: (a: number, b: number) => boolean): string {
  let best: string | undefined;
  for (const [k, xs] of samples)
    if (
      k.includes('PyPI wheel') &&
      k.startsWith('pytorch') &&
      (best === undefined || better(median(xs), median(samples.get(best)!)))
    )
      best = k;
  return best!;
}

// ---- run -----------------------------------------------------------------------------------
const py = pythons();
const ortVersion = execFileSync('node', ['-p', 'require("onnxruntime-node/package.json").version'], {
  cwd: ortDir,
})
  .toString()
  .trim();
const machine = {
  date: new Date().toISOString(),
  cpu: cpus()[0]?.model,
  cores: cpus().length,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  loadAverageAtStart: loadavg(),
  node: process.version,
  onnxruntimeNode: ortVersion,
  debianBlas: (() => {
    try {
      return execFileSync('readlink', ['-f', '/usr/lib/x86_64-linux-gnu/libblas.so.3']).toString().trim();
    } catch {
      return 'none';
    }
  })(),
  benchBackends: Object.fromEntries([...benchBackends].map(([n, b]) => [n, b.device])),
};
console.log(
  `${machine.cpu} (${machine.cores} cores), load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(
      ' ',
    )}; Bench: ${[...benchBackends.keys()].join(', ')}; ${[...py.torch, py.keras!].map((p) => p.label).join('; ')}`,
);

const frameworkInfo: Record<string, unknown> = {};
const e3Rows: Record<string, unknown>[] = [];
if (!args.includes('--no-e3')) {
  console.log(
    `\nE3: seconds per 100 epochs (median of ${repeats}), ratio to the fastest PyTorch wheel setting`,
  );
  for (const depth of depths) {
    const p = mlpProgram(depth);
    const params = p.params.reduce((a, q) => a + q.shape.reduce((x, y) => x * y, 1), 0);
    const epochs = epochsFor(depth);
    const samples = new Map<string, number[]>();
    const losses = new Map<string, number>();
    const add = (k: string, s: number) => samples.set(k, [...(samples.get(k) ?? []), (s * 100) / epochs]);
    for (let r = 0; r < repeats; r++) {
      for (const t of py.torch) {
        const out = e3Torch(t, p, depth, epochs);
        frameworkInfo[t.label] = out.info;
        add(t.label, out.seconds as number);
        losses.set(t.label, out.lastEpochLoss as number);
      }
      for (const [name, { backend }] of benchBackends) {
        const out = await e3Bench(backend, p, epochs);
        add(name, out.seconds);
        losses.set(name, out.lastEpochLoss);
      }
    }
    // the PyPI wheel's fastest thread setting is the baseline (oversubscribed threads can be 100x slower)
    const wheel = fastest(samples, (a, b) => a < b);
    const base = median(samples.get(wheel)!);
    const row: Record<string, unknown> = {
      layers: depth,
      params,
      timedEpochs: epochs,
      loadAverage: loadavg(),
      baseline: wheel,
    };
    const cells: string[] = [];
    for (const [k, xs] of samples) {
      const m = median(xs);
      row[k] = {
        secondsPer100Epochs: m,
        runs: xs,
        ratioToFastestTorchWheel: m / base,
        lastEpochLoss: losses.get(k),
      };
      cells.push(`${k}: ${m.toFixed(2)} s (${(m / base).toFixed(2)}x)`);
    }
    e3Rows.push(row);
    console.log(`  ${String(depth).padStart(2)} layers (${params} params):\n    ${cells.join('\n    ')}`);
  }
}

const e4Rows: Record<string, unknown> = {};
if (!args.includes('--no-e4')) {
  console.log(
    `\nE4 CNN: training samples/s over ${e4Steps} batches of ${E4_BATCH} (median of ${repeats}), ratio to the fastest PyTorch wheel setting`,
  );
  const samples = new Map<string, number[]>();
  const add = (k: string, s: number) => samples.set(k, [...(samples.get(k) ?? []), s]);
  for (let r = 0; r < repeats; r++) {
    for (const t of py.torch) {
      const out = runPython(t, join(ortDir, 'torch_e4.py'), {
        batch: E4_BATCH,
        steps: e4Steps,
        warmup: 1,
        threads: t.threads,
      });
      frameworkInfo[t.label] = out.info;
      add(t.label, out.samplesPerSecond as number);
    }
    const k = runPython(py.keras!, join(ortDir, '..', 'frameworks', 'keras_e4.py'), {
      batch: E4_BATCH,
      steps: e4Steps,
      warmup: 1,
    });
    frameworkInfo[py.keras!.label] = { ...(k.info as object), params: k.params };
    add(py.keras!.label, k.samplesPerSecond as number);
    for (const [name, { backend }] of benchBackends) add(name, (await e4Bench(backend)).samplesPerSecond);
  }
  const wheel = fastest(samples, (a, b) => a > b);
  const base = median(samples.get(wheel)!);
  e4Rows.baseline = wheel;
  for (const [k, xs] of samples) {
    const m = median(xs);
    e4Rows[k] = { samplesPerSecond: m, runs: xs, throughputRatioToFastestTorchWheel: m / base };
    console.log(`  ${k}: ${m.toFixed(1)} samples/s (${(m / base).toFixed(2)}x)`);
  }
}

for (const { backend } of benchBackends.values()) await backend.dispose?.();
const stamp = new Date().toISOString().slice(0, 19).replace(/:/g, '-');
const path = join(resultsDir, `frameworks-${stamp}Z.json`);
writeFileSync(
  path,
  `${JSON.stringify(
    {
      schema: 'bench.benchmark.frameworks.v1',
      command: `frameworks/run.ts ${args.join(' ')}`,
      machine,
      loadAverageAtEnd: loadavg(),
      frameworks: frameworkInfo,
      setup: {
        e3: {
          points: N,
          batch: BATCH,
          optimizer: 'sgd lr 0.1',
          shuffle: false,
          warmupEpochs: 1,
          timedEpochs: 'rows[].timedEpochs, scaled to 100',
        },
        e4: {
          batch: E4_BATCH,
          timedSteps: e4Steps,
          warmupSteps: 1,
          optimizer: 'adam lr 0.001',
          dropout: 0.2,
          data: 'random CIFAR-shaped',
        },
        torchThreads,
        repeats,
      },
      e3: e3Rows,
      e4: e4Rows,
    },
    null,
    2,
  )}\n`,
);
console.log(`\nraw results: ${path}`);
process.exit(0);
