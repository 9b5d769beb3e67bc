/**
 * The E4 filter gradient (3x3, stride 1, "same") on its own, for each E4 conv layer's shapes: the
 * adapter's lowering of one conv2dGradFilter node with explicit patches
 * (`BENCH_ORT_GRAD_FILTER=patches`: Pad, 9 strided Slices, Concat, which onnxruntime runs on one
 * thread) against split shifts (`BENCH_ORT_GRAD_FILTER=shifts`, grad-filter-shifts.ts). x and dy
 * enter in Bench's NHWC layout, so both models include their transposes to [C, N, H, W]. Prints
 * median ms per layer shape for 1 and 2 intra-op threads and the largest difference between the
 * two results; raw JSON (every run) to benchmarks/results/. The step-level A/B is ab-lowering.ts
 * (`--variant BENCH_ORT_GRAD_FILTER=patches --variant BENCH_ORT_GRAD_FILTER=`): there the shared
 * transposes and the caches of a whole step apply.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/filter-grad-probe.ts -- [--runs 20]
 */
import { loadavg } from 'node:os';
import { Rng } from '@bench/core';
import type { Graph } from '@bench/core';
import ort from 'onnxruntime-node';
// Internal builders (not in the package's public API): imported from the sources.
import { buildGraphModel } from '../../packages/adapter-onnxruntime/src/backend/models';
import { encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { machineInfo, median, writeResult } from './common';

const args = process.argv.slice(2);
const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 20;
const N = 250;
const layers = [
  { c: 3, m: 32, h: 32 },
  { c: 32, m: 64, h: 16 },
  { c: 64, m: 128, h: 8 },
  { c: 128, m: 256, h: 4 },
];

/** The lowered model of one conv2dGradFilter node with `BENCH_ORT_GRAD_FILTER=variant`. */
function build(variant: 'patches' | 'shifts', c: number, m: number, h: number): Uint8Array {
  const graph: Graph = {
    inputs: [
      { name: 'x', shape: [N, h, h, c], dtype: 'float32' },
      { name: 'dy', shape: [N, h, h, m], dtype: 'float32' },
    ],
    nodes: [
      {
        op: 'conv2dGradFilter',
        name: 'gf',
        inputs: ['x', 'dy'],
        outputs: ['dw'],
        attrs: { strides: [1, 1], padding: 'same', filterShape: [3, 3, c, m] },
      },
    ],
    outputs: ['dw'],
  };
  const saved = process.env.BENCH_ORT_GRAD_FILTER;
  process.env.BENCH_ORT_GRAD_FILTER = variant;
  try {
    return encodeModel(buildGraphModel(graph, 'onnxruntime-cpu'));
  } finally {
    if (saved === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_GRAD_FILTER');
    else process.env.BENCH_ORT_GRAD_FILTER = saved;
  }
}

const rng = new Rng(3);
const rows: Record<string, unknown>[] = [];
const load0 = loadavg();
for (const { c, m, h } of layers) {
  const x = new ort.Tensor(
    'float32',
    Float32Array.from({ length: c * N * h * h }, () => rng.next() - 0.5),
    [N, h, h, c],
  );
  const dy = new ort.Tensor(
    'float32',
    Float32Array.from({ length: m * N * h * h }, () => rng.next() - 0.5),
    [N, h, h, m],
  );
  for (const threads of [1, 2]) {
    const sessions = {
      patches: await ort.InferenceSession.create(build('patches', c, m, h), { intraOpNumThreads: threads }),
      shifts: await ort.InferenceSession.create(build('shifts', c, m, h), { intraOpNumThreads: threads }),
    };
    const out: Record<string, Float32Array> = {};
    const ms: Record<string, number[]> = { patches: [], shifts: [] };
    for (const [k, s] of Object.entries(sessions))
      out[k] = Object.values(await s.run({ x, dy }))[0]!.data as Float32Array;
    for (let r = 0; r < runs; r++)
      for (const [k, s] of Object.entries(sessions)) {
        const t0 = performance.now();
        await s.run({ x, dy });
        ms[k]!.push(performance.now() - t0);
      }
    let maxDiff = 0;
    let maxAbs = 0;
    for (let i = 0; i < out.patches!.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(out.patches![i]! - out.shifts![i]!));
      maxAbs = Math.max(maxAbs, Math.abs(out.patches![i]!));
    }
    console.log(
      `C=${c} M=${m} ${h}x${h}, ${threads} thread(s): patches ${median(ms.patches!).toFixed(2)} ms, shifts ${median(ms.shifts!).toFixed(2)} ms; max |diff| ${maxDiff.toExponential(2)} of max ${maxAbs.toFixed(1)}`,
    );
    rows.push({
      c,
      m,
      h,
      threads,
      medianMs: { patches: median(ms.patches!), shifts: median(ms.shifts!) },
      ms,
      maxDiff,
    });
    for (const s of Object.values(sessions)) await s.release();
  }
}
const path = writeResult('filter-grad-probe', {
  schema: 'bench.benchmark.onnxruntime.filter-grad-probe.v2',
  machine: machineInfo(),
  loadAverage: { start: load0, end: loadavg() },
  setup: {
    batch: N,
    kernel: '3x3 stride 1 same',
    layout: 'x [N,H,W,C], dy [N,H,W,M] (the lowered models transpose them)',
    runs,
    order: 'alternating',
  },
  rows,
});
console.log(`raw results: ${path}`);
