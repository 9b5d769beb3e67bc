/**
 * Profiles one training step of the E4 CNN on onnxruntime-cpu with onnxruntime's own profiler
 * and prints time per ONNX op type (what to optimise in the lowering).
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/profile-step.ts -- [--batch N] [--threads N] [--inter N] [--streams K] [--nodes K]
 *
 * --steps K (default 2): profiled steps after the first (per node: the median over all runs). ORT_SPIN=0 turns intra-op spinning off.
 * --inter N (N > 1) runs with executionMode 'parallel' and N inter-op threads. --nodes K also lists
 * the K slowest single nodes. --streams K: a BENCH_ORT_SPLIT=K model on K streams (backend/streams.ts). Lowering switches (BENCH_ORT_*) apply as set.
 */
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cifarCnn, compile } from '@bench/core';
import ort from 'onnxruntime-node';
// Internal builders (not in the package's public API): imported from the sources.
import { buildStepModel } from '../../packages/adapter-onnxruntime/src/backend/models';
import { encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { median } from './common';
import { e4StepFeeds, toOrtFeeds } from './step-feeds';
import { createPartSession } from './streams';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const batch = opt('--batch', 250);
const program = compile(cifarCnn(), { optimizer: { kind: 'adam', lr: 0.001 } });
const sessionOptions = {
  intraOpNumThreads: opt('--threads', 1),
  interOpNumThreads: opt('--inter', 1),
  executionMode: opt('--inter', 1) > 1 ? 'parallel' : 'sequential',
  graphOptimizationLevel: 'all',
  enableProfiling: true,
  ...(process.env.ORT_SPIN
    ? { extra: { session: { intra_op: { allow_spinning: process.env.ORT_SPIN } } } }
    : {}),
  profileFilePrefix: '/tmp/bench-ort-profile',
};
const model = encodeModel(buildStepModel(program, 'profile'));
const create = (m: Uint8Array, o: Record<string, unknown>) =>
  ort.InferenceSession.create(m, o as ort.InferenceSession.SessionOptions);
const streams = opt('--streams', 0);
const session =
  streams > 1
    ? await createPartSession(create, model, sessionOptions, streams)
    : await create(model, sessionOptions);
const feeds = toOrtFeeds(e4StepFeeds(program, batch));
await session.run(feeds);
const cpu0 = process.cpuUsage();
const profiled = opt('--steps', 2);
for (let i = 0; i < profiled; i++) await session.run(feeds);
const cpu = process.cpuUsage(cpu0);
// CPU time is less disturbed than wall time on a shared, loaded machine.
console.log(`CPU time per step: ${((cpu.user + cpu.system) / (profiled * 1000)).toFixed(1)} ms`);
session.endProfiling();
// onnxruntime-node's endProfiling() returns nothing; the file is <prefix>_<date>.json.
const file = `/tmp/${readdirSync('/tmp')
  .filter((f) => f.startsWith('bench-ort-profile'))
  .sort()
  .pop()}`;
const events = JSON.parse(readFileSync(file, 'utf8')) as {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string };
}[];
if (!process.env.KEEP_PROFILE) rmSync(file);
else console.log(`profile kept: ${file}`);
// The profile starts at session creation, so it holds the warm-up run too, whose ops also pay
// for first-touch page faults (a 74 MB patch Concat: ~50 ms cold, 4 ms warm). Each node counts
// with its median over the runs, which leaves that run out.
const runsOf = new Map<string, { op: string; us: number[] }>();
for (const e of events) {
  if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time')) continue;
  const node = e.name.slice(0, -'_kernel_time'.length);
  const entry = runsOf.get(node) ?? { op: e.args?.op_name ?? '?', us: [] };
  entry.us.push(e.dur);
  runsOf.set(node, entry);
}
const byOp = new Map<string, number>();
const byNode = new Map<string, number>();
let total = 0;
for (const [node, { op, us }] of runsOf) {
  const m = median(us);
  byOp.set(op, (byOp.get(op) ?? 0) + m);
  byNode.set(`${op} ${node}`, m);
  total += m;
}
const topNodes = opt('--nodes', 0);
if (topNodes > 0) {
  console.log(`slowest ${topNodes} nodes:`);
  for (const [node, us] of [...byNode].sort((a, b) => b[1] - a[1]).slice(0, topNodes))
    console.log(`  ${node.slice(0, 70).padEnd(70)} ${(us / 1000).toFixed(1).padStart(8)} ms`);
}
console.log(`one step, batch ${batch}: ${(total / 1000).toFixed(1)} ms in kernels`);
if (process.env.PROFILE_JSON)
  writeFileSync(process.env.PROFILE_JSON, JSON.stringify({ byOp: [...byOp], byNode: [...byNode] }));
for (const [op, us] of [...byOp].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.OPS ?? 15)))
  console.log(
    `${op.padEnd(22)} ${(us / 1000).toFixed(1).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%`,
  );
