/**
 * Two kernels written from scratch, the way a contributor starts a new backend: the simplest
 * correct loops over the canonical layouts. Every other op comes from the reference kernels
 * until the backend has its own.
 */
import { allocFloat, floatTensor } from '@bench/core';
import type { FloatArray, KernelConfig } from '@bench/core';

/** y = op(a) @ op(b): one dot product per output element. */
export const naiveMatmul: KernelConfig<'matmul'> = {
  op: 'matmul',
  run([a, b], attrs, ctx) {
    const [ar, ac] = a!.shape as [number, number];
    const [br, bc] = b!.shape as [number, number];
    const m = attrs.transA ? ac : ar;
    const k = attrs.transA ? ar : ac;
    const n = attrs.transB ? br : bc;
    const ad = a!.data as FloatArray;
    const bd = b!.data as FloatArray;
    const y = allocFloat(ctx.precision, m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) {
          const av = attrs.transA ? ad[p * ac + i]! : ad[i * ac + p]!;
          const bv = attrs.transB ? bd[j * bc + p]! : bd[p * bc + j]!;
          s += av * bv;
        }
        y[i * n + j] = s;
      }
    }
    return [floatTensor([m, n], y)];
  },
};

/** y = max(x, 0). */
export const naiveRelu: KernelConfig<'relu'> = {
  op: 'relu',
  run([x], _attrs, ctx) {
    const xd = x!.data as FloatArray;
    const y = allocFloat(ctx.precision, xd.length);
    for (let i = 0; i < xd.length; i++) y[i] = Math.max(xd[i]!, 0);
    return [floatTensor([...x!.shape], y)];
  },
};
