/**
 * A/B of lowering variants on one E4 CNN training step (batch 250, onnxruntime-cpu): each variant is
 * a set of BENCH_ORT_* environment switches read when the model is built; the sessions run
 * alternately in one process and the script prints the median wall and CPU ms per step of each,
 * with the load average (CPU time is the less disturbed number on a shared machine) and the CPU
 * time of the busiest thread (10 ms ticks; with 2 threads, how much of the step one core still
 * does alone); raw JSON (every round) to benchmarks/results/onnxruntime-ab-lowering-<date>.json.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/ab-lowering.ts -- \
 *     --variant BENCH_ORT_GRAD_FILTER=patches-nhwc --variant BENCH_ORT_GRAD_FILTER=patches [--rounds 7] [--threads 1]
 *
 * A variant may also set session options: ORT_INTER=N (inter-op threads; N > 1 runs the graph with
 * executionMode 'parallel'), ORT_THREADS=N (intra-op threads, overriding --threads), ORT_SPIN=0|1
 * (session.intra_op.allow_spinning), ORT_INTER_SPIN=0|1 (session.inter_op.allow_spinning) and
 * ORT_STREAMS=k (a BENCH_ORT_SPLIT=k model on k streams, one thread each: backend/streams.ts),
 * ORT_BLOCK_BASE=N (session.dynamic_block_base: onnxruntime's dynamic work partitioning of
 * parallel loops). --settle K (default 1): untimed steps of a variant before each timed one, so
 * the previous variant's spinning pool threads have stopped (0 reproduces the older runs).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { cifarCnn, compile } from '@bench/core';
import ort from 'onnxruntime-node';
// Internal builders (not in the package's public API): imported from the sources.
import { buildStepModel } from '../../packages/adapter-onnxruntime/src/backend/models';
import { encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { machineInfo, median, writeResult } from './common';
import { e4StepFeeds, toOrtFeeds } from './step-feeds';
import { createPartSession } from './streams';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const variants = args.flatMap((a, i) => (a === '--variant' ? [args[i + 1]!] : []));
if (variants.length === 0) throw new Error('ab-lowering: pass at least one --variant KEY=VALUE[,KEY=VALUE]');
const batch = opt('--batch', 250);
const rounds = opt('--rounds', 7);
const program = compile(cifarCnn(), { optimizer: { kind: 'adam', lr: 0.001 } });
const feeds = toOrtFeeds(e4StepFeeds(program, batch));

const sessions: ort.InferenceSession[] = [];
for (const v of variants) {
  const saved = { ...process.env };
  for (const kv of v.split(',').filter(Boolean)) {
    const [k, val] = kv.split('=');
    process.env[k!] = val;
  }
  const model = encodeModel(buildStepModel(program, `ab-${sessions.length}`));
  const inter = Number(process.env.ORT_INTER ?? 1);
  const intra = Number(process.env.ORT_THREADS ?? opt('--threads', 1));
  const spin = process.env.ORT_SPIN;
  const interSpin = process.env.ORT_INTER_SPIN;
  const streams = Number(process.env.ORT_STREAMS ?? 0);
  const blockBase = process.env.ORT_BLOCK_BASE;
  process.env = saved;
  const session: Record<string, Record<string, string>> = {};
  if (spin !== undefined) session.intra_op = { allow_spinning: spin };
  if (interSpin !== undefined) session.inter_op = { allow_spinning: interSpin };
  if (blockBase !== undefined) session.dynamic_block_base = blockBase as never;
  const create = (m: Uint8Array, o: Record<string, unknown>) =>
    ort.InferenceSession.create(m, o as ort.InferenceSession.SessionOptions);
  const options = {
    intraOpNumThreads: intra,
    interOpNumThreads: inter,
    executionMode: inter > 1 ? 'parallel' : 'sequential',
    graphOptimizationLevel: 'all',
    ...(Object.keys(session).length === 0 ? {} : { extra: { session } }),
  };
  const s =
    streams > 1 ? await createPartSession(create, model, options, streams) : await create(model, options);
  await s.run(feeds);
  sessions.push(s);
}
/**
 * CPU ticks (1/100 s) of each thread of this process (Linux /proc; empty elsewhere): the busiest
 * thread's share bounds how well a variant spreads over cores, whatever the load.
 */
function threadTicks(): Map<string, number> {
  if (!existsSync('/proc/self/task')) return new Map();
  return new Map(
    readdirSync('/proc/self/task').map((t) => {
      const f = readFileSync(`/proc/self/task/${t}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return [t, Number(f[11]) + Number(f[12])] as const;
    }),
  );
}
const machine = machineInfo();
const load0 = loadavg();
const wall: number[][] = variants.map(() => []);
const cpu: number[][] = variants.map(() => []);
const busiest: number[][] = variants.map(() => []);
// Each session has its own intra-op pool whose worker keeps spinning for tens of ms after a run;
// on 2 vCPUs it slows the next variant's step (MaxPool with Indices alone 5.7 ms, alternating
// with another session 8.0 ms). So each turn first runs `settle` untimed steps of its session.
const settle = opt('--settle', 1);
for (let r = 0; r < rounds; r++) {
  for (let i = 0; i < sessions.length; i++) {
    for (let k = 0; k < settle; k++) await sessions[i]!.run(feeds);
    const k0 = threadTicks();
    const c0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    await sessions[i]!.run(feeds);
    wall[i]!.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const c = process.cpuUsage(c0);
    cpu[i]!.push((c.user + c.system) / 1000);
    const ticks = [...threadTicks()].map(([t, v]) => v - (k0.get(t) ?? 0));
    busiest[i]!.push(10 * Math.max(0, ...ticks));
  }
}
console.log(
  `batch ${batch}, ${rounds} rounds, load ${load0.map((l) => l.toFixed(1)).join(' ')} -> ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
variants.forEach((v, i) => {
  console.log(
    `${v.padEnd(48)} wall ${median(wall[i]!).toFixed(1).padStart(7)} ms  CPU ${median(cpu[i]!).toFixed(1).padStart(7)} ms/step  busiest thread ${median(busiest[i]!).toFixed(0).padStart(4)} ms`,
  );
});
const path = writeResult('ab-lowering', {
  schema: 'bench.benchmark.onnxruntime.ab-lowering.v1',
  machine,
  loadAverageAtEnd: loadavg(),
  setup: {
    model: 'E4 CNN, Adam, dropout 0.2',
    batch,
    rounds,
    order: 'variants alternate within each round',
    untimedStepsBeforeEach: settle,
    threads: opt('--threads', 1),
  },
  variants: variants.map((v, i) => ({
    variant: v,
    medianWallMs: median(wall[i]!),
    medianCpuMs: median(cpu[i]!),
    wallMs: wall[i],
    cpuMs: cpu[i],
    busiestThreadMs: busiest[i],
  })),
});
console.log(`raw results: ${path}`);
