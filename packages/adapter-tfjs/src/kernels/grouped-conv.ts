/**
 * Grouped convolution on tfjs (kernel [kh, kw, C/groups, M]; explicit pads already applied, so
 * padding is "same" or "valid"): depthwise (C/groups = 1) through tfjs's depthwise kernels where
 * the engine has them, any grouping through one ordinary convolution per group otherwise.
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';
import { pads2d } from './window-pads';

type Pad = 'same' | 'valid';

function groupSlices(tf: Tf, t: TfTensor, groups: number, axis: number): TfTensor[] {
  return tf.split(t, groups, axis);
}

/** y of a grouped conv. */
export function groupedConv(
  tf: Tf,
  x: TfTensor,
  w: TfTensor,
  strides: [number, number],
  pad: Pad,
  groups: number,
): TfTensor {
  const [kh, kw, cg, m] = w.shape as number[];
  if (cg === 1) {
    const c = groups;
    const filter = tf.reshape(w, [kh!, kw!, c, m! / c]) as Tensor4D;
    return tf.depthwiseConv2d(x as Tensor4D, filter, strides, pad);
  }
  const xs = groupSlices(tf, x, groups, 3);
  const ws = groupSlices(tf, w, groups, 3);
  return tf.concat(
    xs.map((xg, i) => tf.conv2d(xg as Tensor4D, ws[i] as Tensor4D, strides, pad)),
    3,
  );
}

/** dx of a grouped conv, as one transposed convolution per group (concatenated). */
export function groupedConvGradInput(
  tf: Tf,
  dy: TfTensor,
  w: TfTensor,
  outShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
  groups: number,
  engineName: string,
): TfTensor {
  const [kh, kw, cg, m] = w.shape as number[];
  const [n, h, wd, c] = outShape;
  if (cg === 1 && tf.getKernel('DepthwiseConv2dNativeBackpropInput', engineName)) {
    const filter = tf.reshape(w, [kh!, kw!, c, m! / c]);
    return tf.engine().runKernel('DepthwiseConv2dNativeBackpropInput', { dy, filter }, {
      strides,
      pad,
      dilations: [1, 1],
      dimRoundingMode: undefined,
      inputShape: outShape,
    } as unknown as Record<string, never>) as TfTensor;
  }
  const dys = groupSlices(tf, dy, groups, 3);
  const ws = groupSlices(tf, w, groups, 3);
  return tf.concat(
    dys.map((d, i) => tf.conv2dTranspose(d as Tensor4D, ws[i] as Tensor4D, [n, h, wd, cg!], strides, pad)),
    3,
  );
}

/**
 * dw of a grouped conv as a sum over kernel taps: for tap (a, b), the strided slice of the padded
 * x seen by every output pixel, times dy, summed over N, OH, OW per (group, in, out) channel.
 */
export function groupedConvGradFilter(
  tf: Tf,
  x: TfTensor,
  dy: TfTensor,
  filterShape: [number, number, number, number],
  strides: [number, number],
  pad: Pad,
  groups: number,
  engineName: string,
): TfTensor {
  const [kh, kw, cg, m] = filterShape;
  const [n, h, w, c] = x.shape as [number, number, number, number];
  if (cg === 1 && tf.getKernel('DepthwiseConv2dNativeBackpropFilter', engineName)) {
    const out = tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, {
      strides,
      pad,
      dilations: [1, 1],
      dimRoundingMode: undefined,
      filterShape: [kh, kw, c, m / c],
    } as unknown as Record<string, never>) as TfTensor;
    return tf.reshape(out, filterShape);
  }
  const p = pads2d(h, w, kh, kw, strides, pad);
  const [sh, sw] = strides;
  const mg = m / groups;
  const hn = (p.outH - 1) * sh + kh;
  const wn = (p.outW - 1) * sw + kw;
  const xp = tf.pad(x, [
    [0, 0],
    [p.top, Math.max(0, hn - h - p.top)],
    [p.left, Math.max(0, wn - w - p.left)],
    [0, 0],
  ]);
  const dyg = tf.reshape(dy, [n * p.outH * p.outW, groups, 1, mg]);
  const taps: TfTensor[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const xs = tf.stridedSlice(
        xp,
        [0, a, b, 0],
        [n, a + (p.outH - 1) * sh + 1, b + (p.outW - 1) * sw + 1, c],
        [1, sh, sw, 1],
      );
      const xg = tf.reshape(xs, [n * p.outH * p.outW, groups, cg, 1]);
      // [groups, cg, mg] -> [cg, groups, mg] -> [cg, M]
      taps.push(tf.reshape(tf.transpose(tf.sum(tf.mul(xg, dyg), 0), [1, 0, 2]), [cg, m]));
    }
  }
  return tf.reshape(tf.stack(taps), filterShape);
}
