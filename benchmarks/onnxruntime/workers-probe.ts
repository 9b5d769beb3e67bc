/**
 * Probe for issue 16's remaining gap (second-core scaling): can data parallelism over two Node
 * worker threads, each with its own onnxruntime session (1 intra-op thread) training half the
 * batch, beat one session with 2 intra-op threads on the whole batch? Each worker runs the full
 * E4 step model (forward, backward, Adam) on its half, so this bounds what a real implementation
 * (half-batch gradients in the workers, their sum and the update in one small model) could reach;
 * that implementation would add a parameter copy in and a gradient copy out per worker and step.
 *
 *   npx vite-node -c vitest.shared.ts benchmarks/onnxruntime/workers-probe.ts -- [--batch 250] [--rounds 9]
 *
 * Prints median wall ms per step of both set-ups, side by side in one run; raw JSON to results/.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { cifarCnn, compile } from '@bench/core';
import ort from 'onnxruntime-node';
// Internal builders (not in the package's public API): imported from the sources.
import { buildStepModel } from '../../packages/adapter-onnxruntime/src/backend/models';
import { encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { machineInfo, median, writeResult } from './common';
import { e4StepFeeds, toOrtFeeds } from './step-feeds';

const args = process.argv.slice(2);
const opt = (name: string, d: number) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : d);
const batch = opt('--batch', 250);
const rounds = opt('--rounds', 9);
const program = compile(cifarCnn(), { optimizer: { kind: 'adam', lr: 0.001 } });
const modelPath = join(tmpdir(), `bench-workers-probe-${process.pid}.onnx`);
writeFileSync(modelPath, encodeModel(buildStepModel(program, 'onnxruntime-cpu')));

// One worker: a session with 1 intra-op thread; runs one step per 'go' and answers with its ms.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const ort = require(workerData.ortPath);
(async () => {
  const session = await ort.InferenceSession.create(workerData.modelPath, {
    intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all',
  });
  const feeds = Object.fromEntries(Object.entries(workerData.feeds).map(([k, v]) => [k, new ort.Tensor(v.type, v.data, v.dims)]));
  await session.run(feeds);
  parentPort.postMessage('ready');
  parentPort.on('message', async (m) => {
    if (m === 'stop') { await session.release(); process.exit(0); }
    const t0 = performance.now();
    await session.run(feeds);
    parentPort.postMessage(performance.now() - t0);
  });
})();
`;
const ortPath = createRequire(import.meta.url).resolve('onnxruntime-node');
const half = e4StepFeeds(program, Math.ceil(batch / 2), 1);
const workers = [0, 1].map(
  () => new Worker(WORKER, { eval: true, workerData: { ortPath, modelPath, feeds: half } }),
);
const next = (w: Worker) => new Promise<unknown>((resolve) => w.once('message', resolve));
await Promise.all(workers.map(next));

const whole = await ort.InferenceSession.create(modelPath, {
  intraOpNumThreads: 2,
  interOpNumThreads: 1,
  graphOptimizationLevel: 'all',
});
const wholeFeeds = toOrtFeeds(e4StepFeeds(program, batch, 2));
await whole.run(wholeFeeds);

const machine = machineInfo();
const load0 = loadavg();
const wholeMs: number[] = [];
const workersMs: number[] = [];
for (let r = 0; r < rounds; r++) {
  let t0 = performance.now();
  await whole.run(wholeFeeds);
  wholeMs.push(performance.now() - t0);
  t0 = performance.now();
  const done = workers.map(next);
  for (const w of workers) w.postMessage('go');
  await Promise.all(done);
  workersMs.push(performance.now() - t0);
}
for (const w of workers) w.postMessage('stop');
await whole.release();
const rows = [
  { setup: `one session, 2 intra-op threads, batch ${batch}`, msPerStep: median(wholeMs), rounds: wholeMs },
  {
    setup: `two worker threads, 1 intra-op thread each, ${Math.ceil(batch / 2)} rows each`,
    msPerStep: median(workersMs),
    rounds: workersMs,
  },
];
for (const r of rows)
  console.log(
    `${r.setup.padEnd(64)} ${r.msPerStep.toFixed(1)} ms/step  ${((batch / r.msPerStep) * 1000).toFixed(0)} samples/s`,
  );
console.log(
  `load ${load0.map((l) => l.toFixed(1)).join(' ')} -> ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
writeResult('workers-probe', { machine, loadAverageAtEnd: loadavg(), batch, rounds: rows });
