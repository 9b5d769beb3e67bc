/**
 * E1 benchmark: the fine-tuning step of ResNet-18 (2-class head, 11,177,538 params, Adam lr 1e-3,
 * batch norm on batch statistics) at 192x192 on every CPU backend, each beside PyTorch (Debian's
 * python3-torch + torchvision, 2 threads) doing the same step, in one run. Ratios are backend
 * samples/s over PyTorch's, PyTorch measured just before and just after each backend (mean of the
 * two), so both see about the same load on this shared machine. Seconds per epoch are derived for
 * E1's default epoch (320 training images: 200 per class, 80/20 split).
 *
 * Each backend runs in its own process (e1/worker.ts) with a wall-time budget: the warm-up (first)
 * step and every later step are timed apart and written to the raw file as they complete; a
 * backend that fails, crashes or runs out of budget is recorded with why and the run goes on.
 * Speeds come from the completed timed steps, else from the first step alone, labelled an upper
 * bound on the step time (it includes warm-up); nothing is extrapolated (see steps.ts).
 *
 *   npm run e1 -w benchmarks -- [--backends a,b] [--budget-min 15] [--budgets tfjs-cpu=25,...]
 *       [--batch 8] [--size 192] [--steps 5]
 *
 * `--backends` defaults to the CPU backends; GPU backends emulated on the CPU (gpujs-webgpu and
 * tfjs-webgpu on Mesa lavapipe, gpujs-gl on llvmpipe) run only when named, labelled as such.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatRate } from '@bench/report';
import { machineInfo, here as ortHere, runPython, torchVersion, writeResult } from '../onnxruntime/common';
import { EVENT_PREFIX, type StepRecord, summarizeSteps } from './steps';
import { type Row, type TorchResult, type TorchRun, markdownTable } from './table';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1]! : dflt;
};
const CPU_BACKENDS = [
  'onnxruntime-cpu',
  'tfjs-node',
  'tfjs-wasm',
  'reference',
  'gpujs-wasm',
  'gpujs-cpu',
  'tfjs-cpu',
];
/** GPU backends that, on this machine, run on a software rasteriser/Vulkan driver on the CPU. */
const EMULATED: Record<string, string> = {
  'gpujs-webgpu': 'GPU backend emulated on the CPU (Mesa lavapipe)',
  'tfjs-webgpu': 'GPU backend emulated on the CPU (Mesa lavapipe)',
  'gpujs-gl': 'GPU backend emulated on the CPU (Mesa llvmpipe)',
};
const batch = Number(arg('--batch', '8'));
const size = Number(arg('--size', '192'));
const steps = Number(arg('--steps', '5'));
const wanted = arg('--backends', CPU_BACKENDS.join(',')).split(',');
const budgetMin = Number(arg('--budget-min', '15'));
const budgets = new Map(
  arg('--budgets', '')
    .split(',')
    .filter(Boolean)
    .map((kv) => {
      const [k, v] = kv.split('=');
      if (!k || !v || !Number.isFinite(Number(v)))
        throw new Error(`--budgets: "${kv}" is not name=minutes (e.g. --budgets tfjs-cpu=25)`);
      return [k, Number(v)] as const;
    }),
);
for (const [flag, v] of [
  ['--batch', batch],
  ['--size', size],
  ['--steps', steps],
  ['--budget-min', budgetMin],
] as const)
  if (!(v > 0)) throw new Error(`${flag} must be a positive number, got ${arg(flag, '')}`);
for (const name of wanted)
  if (!CPU_BACKENDS.includes(name) && !(name in EMULATED))
    throw new Error(
      `--backends: unknown backend "${name}"; choose from ${[...CPU_BACKENDS, ...Object.keys(EMULATED)].join(', ')}`,
    );
const EPOCH_IMAGES = 320;

const machine = machineInfo();
const torchAvailable = torchVersion() !== undefined;
console.log(
  `E1 ResNet-18 ${size}x${size}, batch ${batch}, 1 warm-up + up to ${steps} timed steps per backend, budget ${budgetMin} min each${budgets.size ? ` (${[...budgets].map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}; ${machine.cpu} (${machine.cores} cores), load ${JSON.stringify(machine.loadAverageAtStart)}`,
);

const rows: Row[] = [];
let path: string | undefined;
const save = (complete: boolean) => {
  path = writeResult(
    'e1',
    {
      schema: 'bench.benchmark.e1.resnet18.v2',
      complete,
      machine,
      loadAverageNow: loadavg(),
      setup: {
        model: 'resnet18',
        params: 11_177_538,
        size,
        batch,
        warmupSteps: 1,
        maxTimedSteps: steps,
        budgetMinutes: budgetMin,
        budgets: Object.fromEntries(budgets),
        optimizer: 'adam lr 1e-3',
        epochImages: EPOCH_IMAGES,
        torchThreads: 2,
        data: 'random images, seeded',
        speedRule:
          'timed steps (every step after the first) when any completed; else the first step alone, an upper bound on s/step including warm-up; nothing extrapolated',
      },
      backends: rows,
    },
    path ??
      join(
        ortHere,
        '..',
        'results',
        `e1-resnet18-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`,
      ),
  );
};

/** PyTorch's same step, run just before a backend (a few seconds), or why it did not run. */
function torchBeside(): TorchResult {
  if (!torchAvailable) return { status: 'not installed (apt-get install python3-torch python3-torchvision)' };
  try {
    const t = runPython(join('..', 'e1', 'torch_e1.py'), {
      batch,
      size,
      steps,
      warmup: 1,
      threads: 2,
    }) as TorchRun;
    return { ...t, secondsPerEpoch: EPOCH_IMAGES / t.samplesPerSecond };
  } catch (error) {
    return { status: `failed: ${(error as Error).message.slice(0, 500)}` };
  }
}

const describeTorch = (t: TorchResult) =>
  'samplesPerSecond' in t ? `${formatRate(t.samplesPerSecond)} samples/s` : t.status;

/** vite-node's CLI, to start the worker with the same source aliases as this script. */
function viteNodeCli(): string {
  const require = createRequire(import.meta.url);
  const pkgPath = require.resolve('vite-node/package.json');
  const bin = JSON.parse(readFileSync(pkgPath, 'utf8')).bin as Record<string, string>;
  return join(dirname(pkgPath), bin['vite-node']!);
}
const here = dirname(new URL(import.meta.url).pathname);
const sharedConfig = join(here, '..', '..', 'vitest.shared.ts');

/** The worker now running: stopped with this script (it runs in its own process group). */
let current: ChildProcess | undefined;
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    if (current?.pid)
      try {
        process.kill(-current.pid, 'SIGKILL');
      } catch {}
    process.exit(130);
  });

/** Runs one backend's worker within its budget, updating `row` (and the raw file) per event. */
function runWorker(row: Row): Promise<void> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child: ChildProcess = spawn(
      process.execPath,
      [
        viteNodeCli(),
        '-c',
        sharedConfig,
        join(here, 'worker.ts'),
        '--',
        '--backend',
        row.backend,
        '--batch',
        String(batch),
        '--size',
        String(size),
        '--steps',
        String(steps),
      ],
      {
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? tmpdir() },
      },
    );
    current = child;
    let ended = false;
    let stepStartedAt: number | undefined;
    /** Seconds an unfinished first step had run when the budget stopped it. */
    let firstStepRan: number | undefined;
    let phase = 'start-up';
    let stderr = '';
    let buffered = '';
    const timer = setTimeout(() => {
      if (ended || row.status !== 'running') return;
      row.status = 'budget exhausted';
      row.why = `stopped after ${row.budgetMinutes} min during ${phase}`;
      if (phase === 'warm-up step' && stepStartedAt !== undefined) {
        firstStepRan = (Date.now() - stepStartedAt) / 1000;
        row.why += ` (the first step had run ${firstStepRan.toFixed(1)} s)`;
      }
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
    }, row.budgetMinutes * 60_000);
    const onEvent = (e: Record<string, unknown>) => {
      switch (e.event) {
        case 'probe':
          row.device = e.device as string | undefined;
          phase = 'compile';
          break;
        case 'unavailable':
          row.status = 'unavailable';
          row.why = `${e.reason}${e.remedy ? ` (${e.remedy})` : ''}`;
          break;
        case 'compiled':
          row.compileSeconds = e.seconds as number;
          break;
        case 'step-start':
          stepStartedAt = Date.now();
          phase = e.index === 0 ? 'warm-up step' : `timed step ${e.index}`;
          break;
        case 'step': {
          const { event: _, ...step } = e;
          row.steps.push(step as unknown as StepRecord);
          if (e.index === 0) row.warmupStepSeconds = e.seconds as number;
          console.log(
            `  ${row.backend} step ${e.index}${e.index === 0 ? ' (warm-up)' : ''}: ${(e.seconds as number).toFixed(2)} s, loss ${(e.loss as number).toFixed(4)}`,
          );
          break;
        }
        case 'failed':
          row.status = 'failed';
          row.why = `${e.phase}: ${e.error}`;
          break;
        case 'done':
          row.status = 'complete';
          break;
      }
      save(false);
    };
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      for (const line of lines)
        if (line.startsWith(EVENT_PREFIX)) onEvent(JSON.parse(line.slice(EVENT_PREFIX.length)));
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-4000);
    });
    child.on('close', (code, signal) => {
      ended = true;
      current = undefined;
      clearTimeout(timer);
      row.wallSeconds = (Date.now() - t0) / 1000;
      if (row.status === 'running') {
        row.status = 'crashed';
        row.why = `worker exited (${signal ?? `code ${code}`}) during ${phase}`;
      }
      if (row.status !== 'complete' && stderr.trim()) row.stderrTail = stderr.trim().slice(-1500);
      if (firstStepRan !== undefined)
        row.summary = summarizeSteps(row.steps, batch, EPOCH_IMAGES, firstStepRan);
      resolve();
    });
  });
}

for (const name of wanted) {
  const row: Row = {
    backend: name,
    kind: EMULATED[name] ?? 'CPU backend',
    budgetMinutes: budgets.get(name) ?? budgetMin,
    status: 'running',
    loadAverageAtStart: loadavg(),
    pytorchBefore: torchBeside(),
    steps: [],
  };
  rows.push(row);
  console.log(`${name}: PyTorch just before: ${describeTorch(row.pytorchBefore)}`);
  save(false);
  await runWorker(row);
  row.loadAverageAtEnd = loadavg();
  row.pytorchAfter = torchBeside();
  console.log(`${name}: PyTorch just after: ${describeTorch(row.pytorchAfter)}`);
  const torchRates = [row.pytorchBefore, row.pytorchAfter].flatMap((t) =>
    'samplesPerSecond' in t ? [t.samplesPerSecond] : [],
  );
  row.pytorchSamplesPerSecond = torchRates.length
    ? torchRates.reduce((a, b) => a + b, 0) / torchRates.length
    : null;
  row.summary ??= summarizeSteps(row.steps, batch, EPOCH_IMAGES);
  row.ratioToTorch =
    row.pytorchSamplesPerSecond && row.summary.samplesPerSecond !== null
      ? row.summary.samplesPerSecond / row.pytorchSamplesPerSecond
      : null;
  save(false);
  console.log(
    `${name}: ${row.status}${row.why ? ` (${row.why})` : ''}; ${row.summary.secondsPerStep === null ? 'no speed' : row.summary.basis}: ${formatRate(row.summary.secondsPerStep)} s/step, ${formatRate(row.summary.samplesPerSecond)} samples/s, ${formatRate(row.summary.secondsPerEpoch)} s/epoch${row.ratioToTorch == null ? '' : `, ${formatRate(row.ratioToTorch)}x PyTorch`}`,
  );
}
save(true);
console.log(`\n${markdownTable(rows, batch, EPOCH_IMAGES)}\nraw results: ${path}`);
