/**
 * gpu.js benchmark: E3 seconds per 100 epochs (MLP depths, SGD lr 0.1, batch 100, 1000 points, no
 * shuffling) and a 1024x1024 float32 matmul (upload + kernel + readback through Backend.run), for
 * every available gpu.js mode beside core's reference backend, in one process. Prints ratios to
 * the reference and writes the raw numbers to benchmarks/results/gpujs-<quick|full>-<UTC timestamp>.json.
 *
 *   npx vite-node -c vitest.shared.ts benchmarks/gpujs/run.ts            # quick (default)
 *   npx vite-node -c vitest.shared.ts benchmarks/gpujs/run.ts -- --full  # 100 real epochs, depths 2..12
 *
 * Quick mode: depths 2, 4, 6, 8; one warm-up epoch (kernel compilation), then `--epochs` (default 2)
 * timed epochs, extrapolated to 100 and labelled `extrapolated: true`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGpuJsBackend, probeMode } from '@bench/adapter-gpujs';
import type { GpuJsMode, GpuJsSession } from '@bench/adapter-gpujs';
import { DataLoader, compile, createReferenceBackend, discDataset, initWeights, mlp } from '@bench/core';
import type { Backend, Batch, Graph, HostTensor } from '@bench/core';

const args = process.argv.slice(2);
const full = args.includes('--full');
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const depths = flag('--depths', full ? '2,4,6,8,10,12' : '2,4,6,8')
  .split(',')
  .map(Number);
const epochs = full ? 100 : Number(flag('--epochs', '2'));
const modes = flag('--modes', 'webgpu,gl,wasm,cpu').split(',') as GpuJsMode[];
const matmulSize = Number(flag('--matmul', '1024'));
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

interface E3Row {
  backend: string;
  layers: number;
  params: number;
  epochsTimed: number;
  secondsPer100Epochs: number;
  extrapolated: boolean;
  finalLoss: number;
  trainErrorRate: number;
  readbacksPerStep?: number;
}
interface MatmulRow {
  backend: string;
  size: number;
  seconds: number;
  runs: number;
  maxAbsErrVsFloat64: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function e3(backend: Backend, layers: number): Promise<E3Row> {
  const program = compile(mlp({ layers }), { optimizer: { kind: 'sgd', lr: 0.1 } });
  const params = program.params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
  const batches: Batch[] = new DataLoader(discDataset({ n: 1000, seed: 0 }), { batchSize: 100 }).batches(0);
  const session = await backend.compile(program, { weights: initWeights(program, 0) });
  const timed = full ? epochs : epochs;
  let losses = await session.trainEpoch(batches); // warm-up: kernel compilation
  const t0 = performance.now();
  for (let e = 0; e < timed; e++) losses = await session.trainEpoch(batches);
  const seconds = (performance.now() - t0) / 1000;
  const ev = await session.evaluate(batches);
  const readbacks = (session as Partial<GpuJsSession>).debugStats?.().readbacksLastStep;
  await session.dispose();
  return {
    backend: backend.name,
    layers,
    params,
    epochsTimed: timed,
    secondsPer100Epochs: (seconds / timed) * 100,
    extrapolated: timed !== 100,
    finalLoss: losses[losses.length - 1]!,
    trainErrorRate: ev.errorRate,
    ...(readbacks !== undefined ? { readbacksPerStep: readbacks } : {}),
  };
}

async function matmul(backend: Backend, size: number, runs: number): Promise<MatmulRow> {
  const mk = (seed: number): HostTensor => {
    const d = new Float32Array(size * size);
    let s = seed;
    for (let i = 0; i < d.length; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      d[i] = s / 4294967296 - 0.5;
    }
    return { dtype: 'float32', shape: [size, size], data: d };
  };
  const a = mk(1);
  const b = mk(2);
  const graph: Graph = {
    inputs: [
      { name: 'a', shape: [size, size], dtype: 'float32' },
      { name: 'b', shape: [size, size], dtype: 'float32' },
    ],
    nodes: [{ op: 'matmul', name: 'mm', inputs: ['a', 'b'], outputs: ['y'], attrs: {} }],
    outputs: ['y'],
  };
  let y = (await backend.run(graph, { a, b })).y!; // warm-up
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    y = (await backend.run(graph, { a, b })).y!;
    times.push((performance.now() - t0) / 1000);
  }
  // float64 check on a sample of rows
  let err = 0;
  for (let i = 0; i < size; i += Math.max(1, size >> 4)) {
    for (let j = 0; j < size; j++) {
      let s = 0;
      for (let k = 0; k < size; k++) s += a.data[i * size + k]! * b.data[k * size + j]!;
      err = Math.max(err, Math.abs(s - y.data[i * size + j]!));
    }
  }
  return { backend: backend.name, size, seconds: median(times), runs, maxAbsErrVsFloat64: err };
}

async function main(): Promise<void> {
  const backends: Backend[] = [createReferenceBackend()];
  const skipped: Record<string, string> = {};
  for (const m of modes) {
    const p = await probeMode(m);
    if (p.available) backends.push(await createGpuJsBackend(m));
    else skipped[`gpujs-${m}`] = `${p.reason}${p.remedy ? ` (fix: ${p.remedy})` : ''}`;
  }
  for (const [name, why] of Object.entries(skipped)) console.log(`skipped ${name}: ${why}`);
  const e3Rows: E3Row[] = [];
  for (const layers of depths) {
    for (const b of backends) {
      const row = await e3(b, layers);
      e3Rows.push(row);
      console.log(
        `E3 ${layers} layers ${b.name}: ${row.secondsPer100Epochs.toFixed(2)} s/100 epochs${row.extrapolated ? ` (extrapolated from ${row.epochsTimed})` : ''}`,
      );
    }
  }
  const mmRows: MatmulRow[] = [];
  for (const b of backends) {
    const row = await matmul(b, matmulSize, b.name === 'gpujs-cpu' ? 1 : 3);
    mmRows.push(row);
    console.log(`matmul ${matmulSize} ${b.name}: ${row.seconds.toFixed(3)} s`);
  }

  const ref = 'reference';
  console.log(`\nE3 seconds per 100 epochs${full ? '' : ' (extrapolated)'}, ratio = backend / ${ref}`);
  const names = backends.map((b) => b.name);
  console.log(['layers', 'params', ...names].join('\t'));
  for (const layers of depths) {
    const rows = e3Rows.filter((r) => r.layers === layers);
    const base = rows.find((r) => r.backend === ref)!.secondsPer100Epochs;
    console.log(
      [
        layers,
        rows[0]!.params,
        ...names.map((n) => {
          const r = rows.find((x) => x.backend === n)!;
          return `${r.secondsPer100Epochs.toFixed(2)}s (${(r.secondsPer100Epochs / base).toFixed(2)}x)`;
        }),
      ].join('\t'),
    );
  }
  const mmBase = mmRows.find((r) => r.backend === ref)!.seconds;
  console.log(`\n${matmulSize}x${matmulSize} matmul (upload + kernel + readback), ratio = backend / ${ref}`);
  for (const r of mmRows)
    console.log(
      `${r.backend}\t${r.seconds.toFixed(3)}s\t${(r.seconds / mmBase).toFixed(2)}x\tmax|err| vs float64 ${r.maxAbsErrVsFloat64.toExponential(2)}`,
    );

  const date = new Date().toISOString();
  const gpujsVersion = JSON.parse(
    readFileSync(join(root, 'node_modules', 'gpu.js', 'package.json'), 'utf8'),
  ).version;
  const record = {
    schema: 'bench.benchmark.gpujs.v1',
    date,
    mode: full ? 'full' : 'quick',
    host: { hostname: hostname(), cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    gpujs: gpujsVersion,
    devices: Object.fromEntries(backends.map((b) => [b.name, b.device])),
    skipped,
    e3: e3Rows,
    matmul: mmRows,
  };
  const dir = join(root, 'benchmarks', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `gpujs-${full ? 'full' : 'quick'}-${date.slice(0, 19).replace(/:/g, '-')}Z.json`);
  writeFileSync(file, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`\nraw results: ${file}`);
  for (const b of backends) await b.dispose?.();
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
