/** Seeded test tensors for the lowering tests. */
import { Rng } from '@bench/core';
import type { HostTensor } from '@bench/core';

/** A float32 tensor of `shape` with values uniform in [lo, hi) from `seed`. */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): HostTensor<'float32'> {
  const rng = new Rng(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return { dtype: 'float32', shape, data: Float32Array.from({ length: n }, () => rng.uniform(lo, hi)) };
}
