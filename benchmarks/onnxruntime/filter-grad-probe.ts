/**
 * The E4 filter gradient (3x3, stride 1, "same") on its own: explicit patches of x (Pad, 9 strided
 * Slices, Concat; onnxruntime runs Slice and Pad on one thread) against "split shifts": x shifted
 * by rows (2 Pads that crop, contiguous runs; Concat of 3) and dy shifted by columns with one
 * MatMul by a one-hot [3, W, W] matrix (multi-threaded), then one GEMM. Prints median ms per
 * layer shape for 1 and 2 intra-op threads and the largest difference between the two results;
 * raw JSON (every run) to benchmarks/results/. The step-level A/B is ab-lowering.ts
 * (`--variant BENCH_ORT_GRAD_FILTER=patches --variant BENCH_ORT_GRAD_FILTER=`): there the shared
 * transposes and the caches of a whole step apply.
 *
 *   npx vite-node --config vitest.shared.ts benchmarks/onnxruntime/filter-grad-probe.ts -- [--runs 20]
 */
import { loadavg } from 'node:os';
import { Rng } from '@bench/core';
import ort from 'onnxruntime-node';
import { GraphBuilder, NameScope } from '../../packages/adapter-onnxruntime/src/onnx/graph-builder';
import { buildModel, encodeModel } from '../../packages/adapter-onnxruntime/src/onnx/model';
import { DataType } from '../../packages/adapter-onnxruntime/src/onnx/proto';
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

function build(variant: 'patches' | 'shifts', c: number, m: number, h: number): Uint8Array {
  const g = new GraphBuilder(new NameScope(), variant);
  const w = h;
  g.addInput({ name: 'x', type: DataType.FLOAT, dims: [c, N, h, w] });
  g.addInput({ name: 'dy', type: DataType.FLOAT, dims: [m, N, h, w] });
  let dw: string;
  if (variant === 'patches') {
    const xp = g.op1('Pad', ['x', g.i64([0, 0, 1, 1, 0, 0, 1, 1])]);
    const taps: string[] = [];
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++)
        taps.push(g.op1('Slice', [xp, g.i64([i, j]), g.i64([i + h, j + w]), g.i64([2, 3])]));
    const cols = g.op1('Reshape', [g.op1('Concat', taps, { axis: 0 }), g.i64([9 * c, -1])]);
    const dyRows = g.op1('Reshape', ['dy', g.i64([m, -1])]);
    dw = g.op1('Gemm', [cols, dyRows], { transB: 1 });
  } else {
    const up = g.op1('Pad', ['x', g.i64([0, 0, 1, 0, 0, 0, -1, 0])]);
    const down = g.op1('Pad', ['x', g.i64([0, 0, -1, 0, 0, 0, 1, 0])]);
    const rows = g.op1('Reshape', [g.op1('Concat', [up, 'x', down], { axis: 0 }), g.i64([3 * c, -1])]);
    const s = new Array<number>(3 * w * w).fill(0);
    for (let dj = 0; dj < 3; dj++)
      for (let q = 0; q < w; q++) {
        const col = q + dj - 1;
        if (col >= 0 && col < w) s[dj * w * w + q * w + col] = 1;
      }
    const shift = g.f32(s, [3, w, w]);
    const e = g.op1('MatMul', [g.op1('Reshape', ['dy', g.i64([-1, w])]), shift]);
    const eRows = g.op1('Reshape', [e, g.i64([3 * m, -1])]);
    const prod = g.op1('Gemm', [rows, eRows], { transB: 1 });
    const t = g.op1('Transpose', [g.op1('Reshape', [prod, g.i64([3, c, 3, m])])], { perm: [0, 2, 1, 3] });
    dw = g.op1('Reshape', [t, g.i64([9 * c, m])]);
  }
  g.op('Identity', [dw], {}, ['dw']);
  g.addOutput({ name: 'dw', type: DataType.FLOAT, dims: [9 * c, m] });
  return encodeModel(buildModel(g));
}

const rng = new Rng(3);
const rows: Record<string, unknown>[] = [];
const load0 = loadavg();
for (const { c, m, h } of layers) {
  const x = new ort.Tensor(
    'float32',
    Float32Array.from({ length: c * N * h * h }, () => rng.next() - 0.5),
    [c, N, h, h],
  );
  const dy = new ort.Tensor(
    'float32',
    Float32Array.from({ length: m * N * h * h }, () => rng.next() - 0.5),
    [m, N, h, h],
  );
  for (const threads of [1, 2]) {
    const sessions = {
      patches: await ort.InferenceSession.create(build('patches', c, m, h), { intraOpNumThreads: threads }),
      shifts: await ort.InferenceSession.create(build('shifts', c, m, h), { intraOpNumThreads: threads }),
    };
    const out: Record<string, Float32Array> = {};
    const ms: Record<string, number[]> = { patches: [], shifts: [] };
    for (const [k, s] of Object.entries(sessions)) out[k] = (await s.run({ x, dy })).dw!.data as Float32Array;
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
  schema: 'bench.benchmark.onnxruntime.filter-grad-probe.v1',
  machine: machineInfo(),
  loadAverage: { start: load0, end: loadavg() },
  setup: {
    batch: N,
    kernel: '3x3 stride 1 same',
    layout: 'x [C,N,H,W], dy [M,N,H,W]',
    runs,
    order: 'alternating',
  },
  rows,
});
console.log(`raw results: ${path}`);
