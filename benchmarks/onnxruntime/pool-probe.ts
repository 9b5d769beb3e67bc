/**
 * Why MaxPool with Indices is a fifth of an E4 step: it times onnxruntime's MaxPool 2x2/2 on the
 * E4 layer-1 activation shape [250, 32, 32, 32] with and without its Indices output, on data whose
 * window maximum sits at a predictable position and on ReLU-like random data, for 1 and 2 intra-op
 * threads (each session alone, spinning on). Without Indices onnxruntime runs MLAS's vectorised
 * pooling; with them a scalar loop whose compare-and-branch per element the CPU mispredicts on
 * random data (before and after a ReLU). Raw JSON to benchmarks/results/.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/pool-probe.ts -- [--runs 30]
 */
import { loadavg } from 'node:os';
import { Rng } from '@bench/core';
import ort from 'onnxruntime-node';
import { GraphBuilder, NameScope } from '../../packages/adapter-onnxruntime/src/onnx/graph-builder';
import { buildModel, encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { DataType } from '../../packages/adapter-onnxruntime/src/onnx/proto';
import { machineInfo, median, writeResult } from './common';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 30;
const dims = [250, 32, 32, 32];
const size = dims.reduce((a, b) => a * b, 1);
const rng = new Rng(1);
const data = {
  // the maximum of every 2x2 window at its bottom-right position
  predictable: Float32Array.from({ length: size }, (_, i) => (i % 2) + ((i >> 5) % 2) * 2),
  'relu-random': Float32Array.from({ length: size }, () => Math.max(0, rng.next() - 0.5)),
  // the same before the ReLU: no ties at zero
  random: Float32Array.from({ length: size }, () => rng.next() - 0.5),
};

async function pool(withIndices: boolean, threads: number): Promise<ort.InferenceSession> {
  const g = new GraphBuilder(new NameScope(), 'pool');
  g.addInput({ name: 'x', type: DataType.FLOAT, dims });
  const [y, idx] = g.op('MaxPool', ['x'], { kernel_shape: [2, 2], strides: [2, 2] }, withIndices ? 2 : 1);
  // A scalar output, so copying the result back to JS does not count.
  const last = withIndices ? g.op1('Cast', [idx!], { to: DataType.FLOAT }) : y!;
  g.op('ReduceMax', [last], { keepdims: 0 }, ['out']);
  g.addOutput({ name: 'out', type: DataType.FLOAT, dims: [] });
  return ort.InferenceSession.create(encodeModel(buildModel(g)), { intraOpNumThreads: threads });
}

const rows: Record<string, unknown>[] = [];
for (const threads of [1, 2])
  for (const withIndices of [true, false]) {
    const session = await pool(withIndices, threads);
    for (const [kind, values] of Object.entries(data)) {
      const x = new ort.Tensor('float32', values, dims);
      await session.run({ x });
      const ms: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = performance.now();
        await session.run({ x });
        ms.push(performance.now() - t0);
      }
      rows.push({ threads, withIndices, data: kind, medianMs: median(ms), ms });
      console.log(
        `${threads} thread(s), MaxPool${withIndices ? ' + Indices' : '          '}, ${kind.padEnd(11)} ${median(ms).toFixed(2).padStart(7)} ms`,
      );
    }
    await session.release();
  }
const path = writeResult('pool-probe', {
  schema: 'bench.benchmark.onnxruntime.pool-probe.v1',
  machine: machineInfo(),
  loadAverageAtEnd: loadavg(),
  setup: { shape: dims, pool: '2x2 stride 2', runs, note: 'each time includes a ReduceMax over the output' },
  rows,
});
console.log(`raw results: ${path}`);
