import { fmix32 } from '../util/random';

/**
 * The mask seed of a dropout layer that sets no `seed` of its own:
 * `fmix32((seed >>> 0) ^ Math.imul(order + 1, 0x9e3779b1)) >>> 8`, where `seed` is the compile
 * option (default 0) and `order` the layer's position in forward order over the whole model
 * (residual bodies included, a residual before its body; `InferredLayer.order`). The result is a
 * 24-bit integer, exact in float32, so device kernels may take it as a float.
 */
export function dropoutSeed(seed: number, order: number): number {
  return fmix32(((seed >>> 0) ^ Math.imul(order + 1, 0x9e3779b1)) >>> 0) >>> 8;
}
