/**
 * E3 benchmark: seconds per 100 epochs of the E3 MLPs (depth 2..12; 1000 disc points, batch 100,
 * SGD lr 0.1, no shuffle) on onnxruntime-cpu beside PyTorch on the CPU (same data, same initial
 * weights, 2 threads as in the post), printed as ratios; raw JSON to benchmarks/results/.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/e3.ts -- [--quick] [--options] [--no-torch]
 *
 * Timed epochs (after one warm-up epoch), scaled to 100: full mode 100 (10 for depths >= 10,
 * whose 100 epochs take many minutes per engine); --quick: depths 2, 4, 8, 10 with 20 (5 for
 * depth 10). --options: also time the 8-layer model for intra-op threads 1/2 and epochMode
 * loop/step (how the defaults were chosen). --torch-threads 2,1: PyTorch thread counts to run
 * (default 2, the post's setting; each gets its own columns in the JSON). --depths 10,11,12: only
 * these depths. --rounds R (default 5, quick 1): R passes over every depth, onnxruntime then
 * PyTorch at each; the table shows medians. The passes spread each depth's rounds over the whole
 * run (minutes), so a stretch of a minute in which this 2-vCPU VM runs two threads ~1.5x slower
 * (see the adapter README) lands in a minority of a depth's rounds instead of all of them; every
 * round is in the raw file. The table is printed after the last pass; each pass is saved as it
 * ends (complete: false until the last). onnxruntime's threads: BENCH_ORT_THREADS, else the
 * adapter's default (all cores). --out FILE: the raw JSON's path (default results/onnxruntime-e3-<date>.json). MFU: 3 x forward FLOPs x samples/s over the CPU peak calibrated
 * at the start and again after the last pass, the higher of the two (each the best of 5 1024^3
 * GEMMs on onnxruntime's MLAS, all cores).
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOnnxruntimeBackend } from '@bench/adapter-onnxruntime';
import type { OnnxruntimeBackendOptions } from '@bench/adapter-onnxruntime';
import { compile, discDataset, flopsPerSample, initWeights, mlp } from '@bench/core';
import type { Batch, Program } from '@bench/core';
import {
  machineInfo,
  median,
  runPython,
  seconds,
  timed,
  torchBlasThreads,
  torchVersion,
  writeResult,
} from './common';
import { measuredCpuPeak, recalibratedCpuPeak } from './cpu-peak';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withTorch = !args.includes('--no-torch') && torchVersion() !== undefined;
const dArg = args.indexOf('--depths');
const depths =
  dArg >= 0
    ? args[dArg + 1]!.split(',').map(Number)
    : quick
      ? [2, 4, 8, 10]
      : [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
const epochsFor = (depth: number) => (quick ? (depth >= 10 ? 5 : 20) : depth >= 10 ? 10 : 100);
const tt = args.indexOf('--torch-threads');
const torchThreads = tt >= 0 ? args[tt + 1]!.split(',').map(Number) : [2];
const rArg = args.indexOf('--rounds');
const rounds = rArg >= 0 ? Number(args[rArg + 1]) : quick ? 1 : 5;
const N = 1000;
const BATCH = 100;

const ds = discDataset({ n: N, seed: 0 });
const batches: Batch[] = Array.from({ length: N / BATCH }, (_, i) => ({
  x: { dtype: 'float32', shape: [BATCH, 2], data: ds.x.slice(i * BATCH * 2, (i + 1) * BATCH * 2) },
  y: { dtype: 'int32', shape: [BATCH], data: ds.y.slice(i * BATCH, (i + 1) * BATCH) },
}));

function program(depth: number): Program {
  return compile(mlp({ layers: depth }), { optimizer: { kind: 'sgd', lr: 0.1 } });
}

/** Seconds for `epochs` epochs after one warm-up epoch (which creates the onnxruntime sessions). */
async function timeOrt(p: Program, options: OnnxruntimeBackendOptions, epochs: number) {
  const backend = await createOnnxruntimeBackend('cpu', options);
  const session = await backend.compile(p, { weights: initWeights(p, 0) });
  const setup = await seconds(() => session.trainEpoch(batches));
  let last = new Float32Array();
  const t = await timed(async () => {
    for (let e = 0; e < epochs; e++) last = await session.trainEpoch(batches);
  });
  await session.dispose();
  return { ...t, firstEpochSeconds: setup, lastEpochLoss: last.reduce((a, b) => a + b, 0) / last.length };
}

function timeTorch(p: Program, depth: number, epochs: number, threads: number) {
  const w = initWeights(p, 0);
  const sizes = [2, ...Array.from({ length: depth - 1 }, (_, i) => 4 * 2 ** i), 2];
  const parts: Float32Array[] = [ds.x];
  for (let i = 1; i <= depth; i++)
    parts.push(w[`dense_${i}/kernel`]!.data as Float32Array, w[`dense_${i}/bias`]!.data as Float32Array);
  const total = parts.reduce((a, b) => a + b.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const part of parts) {
    all.set(part, off);
    off += part.length;
  }
  const dataPath = join(tmpdir(), `bench-e3-${depth}.bin`);
  const labelPath = join(tmpdir(), 'bench-e3-labels.bin');
  writeFileSync(dataPath, all);
  writeFileSync(labelPath, ds.y);
  return runPython('torch_e3.py', {
    data: dataPath,
    labels: labelPath,
    n: N,
    sizes,
    batch: BATCH,
    epochs,
    threads,
  }) as { seconds: number; cpuSeconds: number; lastEpochLoss: number };
}

const optionRows: Record<string, unknown>[] = [];
/** Saves the rows so far (after every depth, so an interrupted run keeps what it measured). */
const outArg = args.indexOf('--out');
let resultPath: string | undefined = outArg >= 0 ? args[outArg + 1] : undefined;
function save(complete: boolean): string {
  resultPath = writeResult(
    quick ? 'e3-quick' : 'e3',
    {
      complete,
      schema: 'bench.benchmark.onnxruntime.e3.v2',
      machine,
      loadAverageAtEnd: loadavg(),
      cpuPeak: peak,
      setup: {
        points: N,
        batch: BATCH,
        optimizer: 'sgd lr 0.1',
        shuffle: false,
        timedEpochsPerRow: 'see rows[].timedEpochs; seconds scaled to 100 epochs',
        warmupEpochs: 1,
        torchThreads,
        torchBlasThreads: torchBlasThreads(),
        rounds: `${rounds} passes over every depth, onnxruntime then PyTorch at each; seconds are medians`,
        ortOptions: `loop epochs, intra-op threads ${process.env.BENCH_ORT_THREADS ?? `${availableParallelism()} (default)`}`,
      },
      rows,
      options: optionRows,
    },
    resultPath,
  );
  return resultPath;
}

const machine = machineInfo();
/** The higher of the calibrations at the start and after the last pass (see the file comment). */
let peak = await measuredCpuPeak();
console.log(
  `E3 on ${machine.cpu} (${machine.cores} cores), load ${JSON.stringify(machine.loadAverageAtStart)}${quick ? ' (quick)' : ''}; PyTorch threads ${torchThreads.join(', ')}, OPENBLAS_NUM_THREADS=${torchBlasThreads()}; ${rounds} round(s), medians\nCPU peak ${peak.source}`,
);
const rows: Record<string, unknown>[] = [];

interface Cell {
  depth: number;
  threads: number;
  epochs: number;
  program: Program;
  ortRuns: Awaited<ReturnType<typeof timeOrt>>[];
  torchRuns: ReturnType<typeof timeTorch>[];
  loads: number[];
}
const cells: Cell[] = depths.flatMap((depth) =>
  (withTorch ? torchThreads : [2]).map((threads) => ({
    depth,
    threads,
    epochs: epochsFor(depth),
    program: program(depth),
    ortRuns: [],
    torchRuns: [],
    loads: [],
  })),
);

/** A cell's row from the rounds it has so far (medians). */
function rowOf(c: Cell) {
  const { depth, epochs, ortRuns, torchRuns, loads } = c;
  const scale = 100 / epochs;
  const params = c.program.params.reduce((a, q) => a + q.shape.reduce((x, y) => x * y, 1), 0);
  const trainFlops = 3 * flopsPerSample(mlp({ layers: depth }));
  const ortS = median(ortRuns.map((x) => x.seconds));
  const torchS = torchRuns.length > 0 ? median(torchRuns.map((x) => x.seconds)) : undefined;
  const mfuOf = (sec: number) => (trainFlops * ((N * epochs) / sec)) / peak.flops;
  return {
    layers: depth,
    params,
    timedEpochs: epochs,
    rounds: ortRuns.length,
    torchThreads: withTorch ? c.threads : null,
    ortSecondsPer100: ortS * scale,
    ortCpuSecondsPer100: median(ortRuns.map((x) => x.cpuSeconds)) * scale,
    ortFirstEpochSeconds: ortRuns[0]!.firstEpochSeconds,
    torchSecondsPer100: torchS !== undefined ? torchS * scale : null,
    torchCpuSecondsPer100: torchS !== undefined ? median(torchRuns.map((x) => x.cpuSeconds)) * scale : null,
    ratio: torchS !== undefined ? ortS / torchS : null,
    trainFlopsPerSample: trainFlops,
    ortMfu: mfuOf(ortS),
    torchMfu: torchS !== undefined ? mfuOf(torchS) : null,
    ortLastEpochLoss: ortRuns[0]!.lastEpochLoss,
    torchLastEpochLoss: torchRuns[0]?.lastEpochLoss ?? null,
    loadAverage1PerRound: loads,
    ortSecondsPerRound: ortRuns.map((x) => x.seconds),
    torchSecondsPerRound: torchRuns.map((x) => x.seconds),
    ratioPerRound: torchRuns.map((t, i) => ortRuns[i]!.seconds / t.seconds),
  };
}

for (let r = 0; r < rounds; r++) {
  for (const c of cells) {
    c.ortRuns.push(await timeOrt(c.program, {}, c.epochs));
    if (withTorch) c.torchRuns.push(timeTorch(c.program, c.depth, c.epochs, c.threads));
    c.loads.push(loadavg()[0]!);
  }
  rows.splice(0, rows.length, ...cells.map(rowOf));
  save(false);
  const last = (c: Cell) => {
    const ort = c.ortRuns.at(-1)!.seconds;
    const torch = c.torchRuns.at(-1)?.seconds;
    return torch === undefined ? `${ort.toFixed(3)} s` : (ort / torch).toFixed(2);
  };
  console.log(
    `pass ${r + 1}/${rounds} (layers: ${withTorch ? 'ort/torch' : 'ort seconds'}): ${cells.map((c) => `${c.depth}: ${last(c)}`).join(', ')}`,
  );
}

peak = await recalibratedCpuPeak(peak);
console.log(`MFU uses ${(peak.flops / 1e9).toFixed(1)} GFLOP/s`);
rows.splice(0, rows.length, ...cells.map(rowOf));
console.log(
  'layers   params  epochs   ort s/100ep   torch s/100ep   ort/torch   MFU ort / torch   (CPU s: ort / torch)   loss ort / torch   load',
);
for (const c of cells) {
  const row = rowOf(c);
  const torchLoss = c.torchRuns[0]?.lastEpochLoss;
  console.log(
    `${String(c.depth).padStart(6)} ${String(row.params).padStart(8)} ${String(c.epochs).padStart(7)} ${row.ortSecondsPer100.toFixed(3).padStart(13)} ${(row.torchSecondsPer100?.toFixed(3) ?? '-').padStart(15)} ${(row.ratio?.toFixed(2) ?? '-').padStart(11)}   ${`${(row.ortMfu * 100).toFixed(1)}% / ${row.torchMfu === null ? '-' : `${(row.torchMfu * 100).toFixed(1)}%`}`.padStart(15)}   ${`${row.ortCpuSecondsPer100.toFixed(2)} / ${row.torchCpuSecondsPer100?.toFixed(2) ?? '-'}`.padStart(20)}   ${row.ortLastEpochLoss.toFixed(4)} / ${torchLoss?.toFixed(4) ?? '-'}   ${median(c.loads).toFixed(1)}${withTorch ? ` (torch ${c.threads} thr)` : ''}`,
  );
}

if (args.includes('--options')) {
  console.log('\n8-layer MLP, onnxruntime-cpu options:');
  const p = program(8);
  const epochs = epochsFor(8);
  for (const intraOpNumThreads of [1, 2]) {
    for (const epochMode of ['loop', 'step'] as const) {
      const r = await timeOrt(p, { intraOpNumThreads, epochMode }, epochs);
      optionRows.push({ intraOpNumThreads, epochMode, msPerEpoch: (r.seconds / epochs) * 1000 });
      console.log(
        `  threads ${intraOpNumThreads} ${epochMode.padEnd(4)}: ${((r.seconds / epochs) * 1000).toFixed(2)} ms/epoch`,
      );
    }
  }
}

const path = save(true);
console.log(`raw results: ${path}`);
