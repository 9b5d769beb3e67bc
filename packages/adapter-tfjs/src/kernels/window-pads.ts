/**
 * The IR's explicit window pads on tfjs: tfjs ops take TensorFlow's "same"/"valid" only (not
 * everywhere an explicit form), so explicit pads become a tf.pad of the input followed by a
 * "valid" window op, and gradients are cropped back.
 */
import { convOutputSize } from '@bench/core';
import type { Padding } from '@bench/core';
import type { Tf, TfTensor } from '../tf-types';

/** Pads [top, bottom, left, right] and output size of a window over an h x w input. */
export interface Pads2d {
  top: number;
  bottom: number;
  left: number;
  right: number;
  outH: number;
  outW: number;
}

/** Pads and output size of a kh x kw window with these strides and padding. */
export function pads2d(
  h: number,
  w: number,
  kh: number,
  kw: number,
  strides: readonly [number, number],
  padding: Padding,
): Pads2d {
  const r = convOutputSize(h, kh, strides[0], padding, 0);
  const c = convOutputSize(w, kw, strides[1], padding, 1);
  return {
    top: r.padBefore,
    bottom: r.padAfter,
    left: c.padBefore,
    right: c.padAfter,
    outH: r.out,
    outW: c.out,
  };
}

/** x [N,H,W,C] padded by `p` with `value` (zeros by default). */
export function padNhwc(tf: Tf, x: TfTensor, p: Pads2d, value = 0): TfTensor {
  return tf.pad(
    x,
    [
      [0, 0],
      [p.top, p.bottom],
      [p.left, p.right],
      [0, 0],
    ],
    value,
  );
}

/** The [N,H,W,C] interior of a padded gradient. */
export function cropNhwc(tf: Tf, x: TfTensor, p: Pads2d, h: number, w: number): TfTensor {
  const [n, , , c] = x.shape as number[];
  return tf.slice(x, [0, p.top, p.left, 0], [n!, h, w, c!]);
}

/** 'same'/'valid' as tfjs takes them, or null for explicit pads (pad first, then 'valid'). */
export function tfPadding(padding: Padding): 'same' | 'valid' | null {
  return Array.isArray(padding) ? null : padding;
}
