/**
 * E4 benchmark: training samples/s of the E4 CIFAR-10 CNN (787,530 params, Adam lr 0.001,
 * dropout 0.2, batch 250) on onnxruntime-cpu beside PyTorch on the CPU, on random CIFAR-shaped
 * data. The engines run alternately, round after round, in one process tree (PyTorch as a child
 * process per round); the printed figures are medians over the rounds, with MFU against the
 * calibrated CPU peak (the higher of the calibrations before and after the rounds). Raw JSON
 * (every round, load average per round) to benchmarks/results/.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/e4.ts -- [--quick] [--no-torch]
 *     [--threads N] [--rounds R] [--steps S] [--before] [--epoch DIR]
 *
 * --epoch DIR: the issue's measure instead, full epochs: onnxruntime-cpu as a user runs it,
 * `bench run e4 --backend onnxruntime-cpu --data DIR --epochs K` in a child process (batches
 * streamed from the CIFAR-10 binary folder DIR; the run record's samples/s, which counts training
 * time only and, from 2 epochs on, leaves the first epoch out as bench does: its first Loop grows
 * onnxruntime's arena, as PyTorch's untimed warm-up step does on its side), against PyTorch
 * stepping through an epoch's batches held in memory (its fastest path). --epochs K: default 2
 * (1 times the first epoch, as before 2026-11-30 21:00). Make DIR with
 * `node benchmarks/scripts/make-cifar-binary.mjs DIR`.
 *
 * --quick: 2 rounds of 2 steps (default 5 rounds of 4 timed steps, each after the sessions' warm-up).
 * --before: also time the lowering as it was before issue 16 (onnxruntime's standard Conv, separate
 * bias Add, NHWC filter-gradient patches, full-size ReLU-gradient mask, MaxPool's NaN rewrite on
 * every step), as a third engine in the same rounds. PyTorch: 2 threads, OPENBLAS_NUM_THREADS=1.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createOnnxruntimeBackend } from '@bench/adapter-onnxruntime';
import { Rng, cifarCnn, compile, flopsPerSample } from '@bench/core';
import type { Batch, Session } from '@bench/core';
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
const num = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const withTorch = !args.includes('--no-torch') && torchVersion() !== undefined;
const threads = args.includes('--threads') ? num('--threads', 0) : undefined;
const rounds = num('--rounds', quick ? 2 : 5);
const steps = num('--steps', quick ? 2 : 4);
const BATCH = 250;
/** Batches in one epoch of the CIFAR-10 training set (--epoch). */
const EPOCH_STEPS = 50_000 / BATCH;
/** `bench run` epochs per onnxruntime round (--epoch). */
const cliEpochs = num('--epochs', 2);
const TORCH_THREADS = 2;
/** The lowering switches that restore the pre-issue-16 graph. */
const BEFORE = {
  BENCH_ORT_CONV: 'conv',
  BENCH_ORT_CONV_BIAS: 'add',
  BENCH_ORT_GRAD_FILTER: 'patches-nhwc',
  BENCH_ORT_RELU_GRAD: 'full',
  BENCH_ORT_MAXPOOL_NAN: 'always',
};

const epochDir = args.includes('--epoch') ? args[args.indexOf('--epoch') + 1] : undefined;
if (epochDir !== undefined && !existsSync(join(epochDir, 'data_batch_1.bin')))
  throw new Error(
    `e4 --epoch: ${epochDir} is not a CIFAR-10 binary folder (no data_batch_1.bin); make one with node benchmarks/scripts/make-cifar-binary.mjs ${epochDir}`,
  );
const rng = new Rng(1);
const batches: Batch[] = Array.from({ length: steps }, () => ({
  x: {
    dtype: 'float32',
    shape: [BATCH, 32, 32, 3],
    data: Float32Array.from({ length: BATCH * 32 * 32 * 3 }, () => rng.next()),
  },
  y: { dtype: 'int32', shape: [BATCH], data: Int32Array.from({ length: BATCH }, () => rng.int(10)) },
}));

const machine = machineInfo();
let peak = await measuredCpuPeak();
console.log(
  `E4 CNN on ${machine.cpu} (${machine.cores} cores), load ${JSON.stringify(machine.loadAverageAtStart)}; ${rounds} rounds of ${epochDir === undefined ? steps : `${EPOCH_STEPS} (a full epoch)`} steps of ${BATCH}\nCPU peak ${peak.source}`,
);
const spec = cifarCnn();
const trainFlops = 3 * flopsPerSample(spec);
const program = compile(spec, { optimizer: { kind: 'adam', lr: 0.001 } });

async function ortSession(env: Record<string, string>): Promise<{ session: Session; warm: number }> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const backend = await createOnnxruntimeBackend(
      'cpu',
      threads === undefined ? {} : { intraOpNumThreads: threads },
    );
    const session = await backend.compile(program, { seed: 0 });
    // Builds every model (the Loop's too) while `env` holds: a one-batch trainEpoch runs the step
    // model only, so before this the Loop of the --before engine was built with the current lowering.
    await session.prepare(BATCH);
    const warm = await seconds(() => session.trainEpoch([batches[0]!]));
    await session.trainEpoch(batches); // the Loop's first run, untimed like the step's
    return { session, warm };
  } finally {
    process.env = saved;
  }
}

interface Round {
  samplesPerSecond: number;
  cpuMsPerStep: number;
  load1: number;
  /** --epoch: the first epoch's samples/s (arena growth and first-run costs included). */
  firstEpochSamplesPerSecond?: number;
}

const cli = new URL('../../packages/cli/dist/bin.js', import.meta.url).pathname;
/** One `bench run e4` epoch on `dir` in a child process (see --epoch). */
function cliEpoch(dir: string): Round {
  const env = threads === undefined ? process.env : { ...process.env, BENCH_ORT_THREADS: String(threads) };
  const r = spawnSync(
    process.execPath,
    [
      cli,
      'run',
      'e4',
      '--backend',
      'onnxruntime-cpu',
      '--data',
      dir,
      '--epochs',
      String(cliEpochs),
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, env },
  );
  const run = r.status === 0 ? JSON.parse(r.stdout).runs[0] : undefined;
  if (!run?.samplesPerSecond)
    throw new Error(`bench run e4 failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  // The child's CPU time is not visible here; the in-process mode measures it.
  return {
    samplesPerSecond: run.samplesPerSecond,
    cpuMsPerStep: Number.NaN,
    load1: loadavg()[0]!,
    firstEpochSamplesPerSecond: 50_000 / run.firstEpochSeconds,
  };
}

const engines: { name: string; run: () => Promise<Round>; firstStepSeconds?: number }[] = [];
const after = epochDir === undefined ? await ortSession({}) : undefined;
if (epochDir !== undefined)
  engines.push({ name: 'onnxruntime-cpu (bench run)', run: async () => cliEpoch(epochDir) });
else
  engines.push({
    name: 'onnxruntime-cpu',
    firstStepSeconds: after!.warm,
    run: async () => {
      const t = await timed(() => after!.session.trainEpoch(batches));
      return {
        samplesPerSecond: (steps * BATCH) / t.seconds,
        cpuMsPerStep: (t.cpuSeconds / steps) * 1000,
        load1: loadavg()[0]!,
      };
    },
  });
const before = args.includes('--before') && epochDir === undefined ? await ortSession(BEFORE) : undefined;
if (before)
  engines.push({
    name: 'onnxruntime-cpu (before)',
    firstStepSeconds: before.warm,
    run: async () => {
      const t = await timed(() => before.session.trainEpoch(batches));
      return {
        samplesPerSecond: (steps * BATCH) / t.seconds,
        cpuMsPerStep: (t.cpuSeconds / steps) * 1000,
        load1: loadavg()[0]!,
      };
    },
  });
let torchParams: number | undefined;
if (withTorch)
  engines.push({
    name: `pytorch ${machine.torch}`,
    run: async () => {
      const torchSteps = epochDir === undefined ? steps : EPOCH_STEPS;
      const r = runPython('torch_e4.py', {
        batch: BATCH,
        steps: torchSteps,
        warmup: 1,
        threads: TORCH_THREADS,
      }) as {
        params: number;
        samplesPerSecond: number;
        cpuSeconds: number;
      };
      torchParams = r.params;
      return {
        samplesPerSecond: r.samplesPerSecond,
        cpuMsPerStep: (r.cpuSeconds / torchSteps) * 1000,
        load1: loadavg()[0]!,
      };
    },
  });

const results = engines.map(() => [] as Round[]);
for (let r = 0; r < rounds; r++) {
  for (const [i, e] of engines.entries()) results[i]!.push(await e.run());
}
await after?.session.dispose();
await before?.session.dispose();
peak = await recalibratedCpuPeak(peak);

const summary = engines.map((e, i) => {
  const sps = median(results[i]!.map((x) => x.samplesPerSecond));
  const first = results[i]!.flatMap((x) => x.firstEpochSamplesPerSecond ?? []);
  return {
    engine: e.name,
    medianSamplesPerSecond: sps,
    medianCpuMsPerStep: median(results[i]!.map((x) => x.cpuMsPerStep)),
    mfu: (trainFlops * sps) / peak.flops,
    firstStepSeconds: e.firstStepSeconds ?? null,
    ...(first.length > 0 ? { medianFirstEpochSamplesPerSecond: median(first) } : {}),
    rounds: results[i],
  };
});
const torchSps = withTorch ? summary[summary.length - 1]!.medianSamplesPerSecond : undefined;
for (const s of summary)
  if (s.medianFirstEpochSamplesPerSecond !== undefined)
    console.log(
      `${s.engine}: first epoch ${s.medianFirstEpochSamplesPerSecond.toFixed(1)} samples/s (median)`,
    );
console.log('engine                         samples/s   CPU ms/step   MFU      vs PyTorch (throughput)');
for (const s of summary)
  console.log(
    `${s.engine.padEnd(30)} ${s.medianSamplesPerSecond.toFixed(1).padStart(9)} ${(Number.isNaN(s.medianCpuMsPerStep) ? '-' : s.medianCpuMsPerStep.toFixed(0)).padStart(13)} ${(s.mfu * 100).toFixed(1).padStart(6)}%   ${torchSps ? (s.medianSamplesPerSecond / torchSps).toFixed(2) : '-'}`,
  );
const path = writeResult(quick ? 'e4-quick' : epochDir === undefined ? 'e4' : 'e4-epoch', {
  schema: 'bench.benchmark.onnxruntime.e4.v2',
  machine,
  loadAverageAtEnd: loadavg(),
  cpuPeak: peak,
  setup: {
    batch: BATCH,
    rounds,
    timedStepsPerRound: epochDir === undefined ? steps : EPOCH_STEPS,
    epoch:
      epochDir === undefined
        ? null
        : {
            dir: epochDir,
            onnxruntime: `bench run e4 --epochs ${cliEpochs} (streamed), child process; samples/s of ${cliEpochs > 1 ? "the epochs after the first (bench run's steady state)" : 'the first epoch'}`,
          },
    warmupSteps: 1,
    order: 'engines alternate within each round; medians over rounds',
    optimizer: 'adam lr 0.001',
    dropout: 0.2,
    data: 'random CIFAR-shaped',
    ortIntraOpThreads: threads ?? 'default (available parallelism)',
    torchThreads: TORCH_THREADS,
    torchBlasThreads: torchBlasThreads(),
    trainFlopsPerSample: trainFlops,
    beforeSwitches: before ? BEFORE : null,
    torchParams: torchParams ?? null,
  },
  engines: summary,
  ratio: torchSps ? summary[0]!.medianSamplesPerSecond / torchSps : null,
  ratioBefore: torchSps && before ? summary[1]!.medianSamplesPerSecond / torchSps : null,
});
console.log(`raw results: ${path}`);
