/**
 * Average pooling with the IR's count rule (padding left out of each mean) for any padding:
 * the window sums of zero-padded x ("valid" pooling times the window size) divided by each
 * window's count of real positions, a constant [OH, OW, 1] map (shapes are static per node).
 */
import type { Padding } from '@bench/core';
import type { Tf, TfTensor } from '../tf-types';
import type { Pads2d } from './window-pads';
import { pads2d } from './window-pads';

/** The window geometry plus 1 / count of real positions per output pixel, [OH, OW, 1]. */
export function avgPoolCounts(
  tf: Tf,
  h: number,
  w: number,
  poolSize: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
): { pads: Pads2d; inverseCount: TfTensor } {
  const [kh, kw] = poolSize;
  const [sh, sw] = strides;
  const p = pads2d(h, w, kh, kw, strides, padding);
  const inv = new Float32Array(p.outH * p.outW);
  for (let oy = 0; oy < p.outH; oy++) {
    const rows = Math.min(h, oy * sh - p.top + kh) - Math.max(0, oy * sh - p.top);
    for (let ox = 0; ox < p.outW; ox++) {
      const cols = Math.min(w, ox * sw - p.left + kw) - Math.max(0, ox * sw - p.left);
      inv[oy * p.outW + ox] = 1 / (rows * cols);
    }
  }
  return { pads: p, inverseCount: tf.tensor3d(inv, [p.outH, p.outW, 1]) };
}
