#!/usr/bin/env node
/**
 * E4 CNN training on tfjs (default tfjs-wasm) beside PyTorch on the CPU, and where a tfjs step
 * spends its time. Random CIFAR-shaped data, batch 250, Adam, dropout 0.2. The engines run
 * alternately, round after round, in one process tree (PyTorch as a child process per round,
 * 2 threads, OPENBLAS_NUM_THREADS=1); medians over rounds. Then one step under tf.profile:
 * milliseconds per tfjs kernel and the slowest calls with their shapes.
 * Raw JSON to benchmarks/results/tfjs-e4-<date>.json.
 *
 *   npx turbo run build --filter=@bench/adapter-tfjs...
 *   node benchmarks/tfjs/e4.mjs [--backend tfjs-wasm] [--batch 250] [--rounds 3] [--steps 2] [--before] [--no-torch]
 *
 * --before: also time the gradient kernels as they were before issue 16 (BENCH_TFJS_WASM_GRADS=v0).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backends } from '@bench/adapter-tfjs';
import { Rng, cifarCnn, compile, flopsPerSample } from '@bench/core';
import * as tf from '@tensorflow/tfjs-core';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const opt = (name, d) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : d);
const name = opt('backend', 'tfjs-wasm');
const batch = Number(opt('batch', 250));
const rounds = Number(opt('rounds', 3));
const steps = Number(opt('steps', 2));
const withBefore = args.includes('--before');
const withTorch = !args.includes('--no-torch');
const entry = backends.find((b) => b.name === name);
if (!entry) throw new Error(`unknown backend ${name}; one of ${backends.map((b) => b.name).join(', ')}`);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rng = new Rng(1);
const batches = Array.from({ length: steps }, () => ({
  x: {
    dtype: 'float32',
    shape: [batch, 32, 32, 3],
    data: Float32Array.from({ length: batch * 3072 }, () => rng.next()),
  },
  y: { dtype: 'int32', shape: [batch], data: Int32Array.from({ length: batch }, () => rng.int(10)) },
}));
const spec = cifarCnn();
const program = compile(spec, { optimizer: { kind: 'adam', lr: 0.001 } });
const backend = await entry.create();

/** Runs fn with BENCH_TFJS_WASM_GRADS set as the variant wants (the kernels read it per call). */
async function withVariant(before, fn) {
  const saved = process.env.BENCH_TFJS_WASM_GRADS ?? '';
  process.env.BENCH_TFJS_WASM_GRADS = before ? 'v0' : '';
  try {
    return await fn();
  } finally {
    process.env.BENCH_TFJS_WASM_GRADS = saved;
  }
}

const engines = [];
for (const before of withBefore ? [false, true] : [false]) {
  const session = await backend.compile(program, { seed: 0 });
  await withVariant(before, () => session.trainStep(batches[0]));
  engines.push({
    name: `${name}${before ? ' (before)' : ''}`,
    session,
    run: () =>
      withVariant(before, async () => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await session.trainEpoch(batches);
        const sec = (performance.now() - t0) / 1000;
        const c = process.cpuUsage(c0);
        return {
          samplesPerSecond: (steps * batch) / sec,
          cpuMsPerStep: (c.user + c.system) / 1000 / steps,
          load1: loadavg()[0],
        };
      }),
  });
}
if (withTorch)
  engines.push({
    name: 'pytorch (2 threads)',
    run: async () => {
      const r = spawnSync(
        '/usr/bin/python3',
        [
          join(here, '..', 'onnxruntime', 'torch_e4.py'),
          JSON.stringify({ batch, steps, warmup: 1, threads: 2 }),
        ],
        {
          encoding: 'utf8',
          env: { ...process.env, OPENBLAS_NUM_THREADS: process.env.OPENBLAS_NUM_THREADS ?? '1' },
        },
      );
      if (r.status !== 0) throw new Error(`torch_e4.py failed: ${r.stderr.slice(-1000)}`);
      const j = JSON.parse(r.stdout.trim().split('\n').pop());
      return {
        samplesPerSecond: j.samplesPerSecond,
        cpuMsPerStep: (j.cpuSeconds / steps) * 1000,
        load1: loadavg()[0],
      };
    },
  });

const load0 = loadavg();
const perRound = engines.map(() => []);
for (let r = 0; r < rounds; r++) for (const [i, e] of engines.entries()) perRound[i].push(await e.run());
const trainFlops = 3 * flopsPerSample(spec);
const summary = engines.map((e, i) => ({
  engine: e.name,
  medianSamplesPerSecond: median(perRound[i].map((x) => x.samplesPerSecond)),
  medianCpuMsPerStep: median(perRound[i].map((x) => x.cpuMsPerStep)),
  rounds: perRound[i],
}));
const torchSps = withTorch ? summary.at(-1).medianSamplesPerSecond : undefined;
console.log(
  `${name} E4 CNN, batch ${batch}, ${rounds} rounds of ${steps} steps; load ${load0.map((l) => l.toFixed(1)).join(' ')} -> ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const s of summary)
  console.log(
    `${s.engine.padEnd(26)} ${s.medianSamplesPerSecond.toFixed(1).padStart(8)} samples/s ${s.medianCpuMsPerStep.toFixed(0).padStart(7)} CPU ms/step  PyTorch/this ${torchSps ? (torchSps / s.medianSamplesPerSecond).toFixed(1) : '-'}x`,
  );

// One profiled step of the current kernels.
const info = await tf.profile(async () => {
  await engines[0].session.trainStep(batches[0]);
});
for (const e of engines) await e.session?.dispose();
const calls = info.kernels
  .map((k) => ({
    kernel: k.name,
    ms: typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0,
    inputShapes: k.inputShapes,
    outputShapes: k.outputShapes,
  }))
  .sort((a, b) => b.ms - a.ms);
const byKernel = new Map();
for (const k of calls) {
  const e = byKernel.get(k.kernel) ?? { ms: 0, calls: 0 };
  e.ms += k.ms;
  e.calls += 1;
  byKernel.set(k.kernel, e);
}
const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
const rows = [...byKernel]
  .sort((a, b) => b[1].ms - a[1].ms)
  .map(([kernel, e]) => ({ kernel, ...e, share: e.ms / total }));
console.log(`one profiled step: ${total.toFixed(0)} ms in kernels`);
for (const r of rows.slice(0, 10))
  console.log(
    `  ${r.kernel.padEnd(24)} ${r.ms.toFixed(1).padStart(9)} ms ${(r.share * 100).toFixed(1).padStart(5)}%  ${r.calls} calls`,
  );
console.log('slowest calls:');
for (const k of calls.slice(0, 10))
  console.log(
    `  ${k.kernel.padEnd(22)} ${k.ms.toFixed(1).padStart(8)} ms  in ${JSON.stringify(k.inputShapes)} out ${JSON.stringify(k.outputShapes)}`,
  );

const dir = join(here, '..', 'results');
mkdirSync(dir, { recursive: true });
const path = join(dir, `tfjs-e4-${new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.json`);
writeFileSync(
  path,
  `${JSON.stringify(
    {
      schema: 'bench.benchmark.tfjs.e4.v1',
      date: new Date().toISOString(),
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      node: process.version,
      loadAverageAtStart: load0,
      loadAverageAtEnd: loadavg(),
      setup: {
        backend: name,
        batch,
        rounds,
        stepsPerRound: steps,
        order: 'engines alternate per round; medians',
        trainFlopsPerSample: trainFlops,
        torchThreads: 2,
        torchBlasThreads: process.env.OPENBLAS_NUM_THREADS ?? '1',
      },
      engines: summary,
      profile: { kernelsMs: total, kernels: rows, slowestCalls: calls.slice(0, 30) },
    },
    null,
    2,
  )}\n`,
);
console.log(`raw results: ${path}`);
