import { counterUniform } from '@bench/core';

/**
 * The dropout mask of the IR on the host: element i is 1/(1-rate) (rounded to float32) when
 * `counterUniform(seed, step, i) >= rate`, else 0. tfjs has no 32-bit integer hashing ops
 * (no xor, no shifts, no wrapping multiply), so the mask cannot be made on the device bit-exactly;
 * computing it here costs one upload of `size` floats per dropout node per step.
 */
export function dropoutMask(seed: number, step: number, rate: number, size: number): Float32Array {
  const keep = Math.fround(1 / (1 - rate));
  const mask = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    if (counterUniform(seed, step, i) >= rate) mask[i] = keep;
  }
  return mask;
}
