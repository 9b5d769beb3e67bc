/**
 * Per-channel sums over every axis but the last (the channel axis of NHWC or [N, features]
 * tensors), accumulated in float64: the statistics of the batch-norm kernels.
 */
import type { FloatArray } from '../ref-tensor';

/** Per-channel mean and biased variance of `x` with `c` channels (two passes, float64). */
export function channelMeanVar(
  x: FloatArray,
  c: number,
): { mean: Float64Array; variance: Float64Array; count: number } {
  const count = x.length / c;
  const mean = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) for (let ci = 0; ci < c; ci++) mean[ci] += x[i + ci]!;
  for (let ci = 0; ci < c; ci++) mean[ci] /= count;
  const variance = new Float64Array(c);
  for (let i = 0; i < x.length; i += c) {
    for (let ci = 0; ci < c; ci++) {
      const d = x[i + ci]! - mean[ci]!;
      variance[ci] += d * d;
    }
  }
  for (let ci = 0; ci < c; ci++) variance[ci] /= count;
  return { mean, variance, count };
}
