/**
 * Helpers to compare Bench's predictions with another runtime's on the same ONNX file (the
 * importer's tests and `benchmarks/e1/import-full.ts`): NCHW input batches to canonical NHWC,
 * row-wise softmax of logits, and the largest absolute difference. Not exported from the package.
 */
import type { HostTensor } from '@bench/core';

/** Row-wise softmax of `[rows, k]` logits. */
export function softmaxRows(logits: ArrayLike<number>, k: number): Float32Array {
  const out = new Float32Array(logits.length);
  for (let r = 0; r < logits.length / k; r++) {
    let m = Number.NEGATIVE_INFINITY;
    for (let j = 0; j < k; j++) m = Math.max(m, logits[r * k + j]!);
    let s = 0;
    for (let j = 0; j < k; j++) s += Math.exp(logits[r * k + j]! - m);
    for (let j = 0; j < k; j++) out[r * k + j] = Math.exp(logits[r * k + j]! - m) / s;
  }
  return out;
}

/** NCHW float32 batch -> canonical NHWC. */
export function toNhwc(data: Float32Array, [n, c, h, w]: number[]): HostTensor<'float32'> {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n!; b++)
    for (let ch = 0; ch < c!; ch++)
      for (let y = 0; y < h!; y++)
        for (let x = 0; x < w!; x++)
          out[((b * h! + y) * w! + x) * c! + ch] = data[((b * c! + ch) * h! + y) * w! + x]!;
  return { dtype: 'float32', shape: [n!, h!, w!, c!], data: out };
}

/** Largest absolute element-wise difference. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
