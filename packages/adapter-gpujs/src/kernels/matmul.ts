import { defineKernel } from './kernel';

/**
 * The matmul kernel source: one output per thread over a 1-D grid in row-major order, so
 * neighbouring threads read neighbouring columns of b (coalesced on a GPU, one f32x4 SIMD lane
 * group in wasm) and share the row of a; the K loop is unrolled by 4. gpu.js exposes no
 * workgroup memory or barriers, so shared-memory tiles are not expressible here (see README).
 */
export function matmulSource(m: number, n: number, k: number, transA: boolean, transB: boolean): string {
  const a = (kk: string) => (transA ? `a[(${kk}) * ${m} + row]` : `a[row * ${k} + ${kk}]`);
  const b = (kk: string) => (transB ? `b[col * ${k} + ${kk}]` : `b[(${kk}) * ${n} + col]`);
  const k4 = Math.floor(k / 4) * 4;
  const unrolled =
    k4 > 0
      ? `for (let kk = 0; kk < ${k4}; kk += 4) {
    s += ${a('kk')} * ${b('kk')} + ${a('kk + 1')} * ${b('kk + 1')} + ${a('kk + 2')} * ${b('kk + 2')} + ${a('kk + 3')} * ${b('kk + 3')};
  }`
      : '';
  const rest = k4 < k ? `for (let kr = ${k4}; kr < ${k}; kr++) { s += ${a('kr')} * ${b('kr')}; }` : '';
  return `function (a, b) {
  const i = this.thread.x;
  const row = Math.floor(i / ${n});
  const col = i - row * ${n};
  let s = 0.0;
  ${unrolled}
  ${rest}
  return s;
}`;
}

/** matmul: y = op(a) @ op(b). */
export const matmulKernel = defineKernel({
  op: 'matmul',
  build({ engine, inputs, outputs, node }) {
    const [m, n] = outputs[0]!.shape as [number, number];
    const a = inputs[0]!.shape;
    const k = node.attrs.transA ? a[0]! : a[1]!;
    const kernel = engine.kernel(
      'matmul',
      matmulSource(m, n, k, !!node.attrs.transA, !!node.attrs.transB),
      m * n,
    );
    return async ([x, w]) => [await engine.call(kernel, [x!.buffer, w!.buffer])];
  },
});
