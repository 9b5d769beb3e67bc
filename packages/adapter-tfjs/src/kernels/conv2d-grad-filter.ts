import { convOutputSize } from '@bench/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';
import { groupedConvGradFilter } from './grouped-conv';
import { defineKernel } from './kernel';
import { padNhwc, pads2d, tfPadding } from './window-pads';

/**
 * dw from a stride-1 dilated convolution, for engines without a Conv2DBackpropFilter kernel
 * (tfjs-wasm): with x padded as TensorFlow pads it, dw[a,b,c,m] = sum over n,i,j of
 * xp[n, i*sh+a, j*sw+b, c] * dy[n,i,j,m], which is conv2d(xp as [C,Hp,Wp,N],
 * dy as a [OH,OW,N,M] filter, dilations = strides), cropped to [kh,kw] and transposed back.
 */
export function conv2dGradFilterByConv(
  tf: Tf,
  x: TfTensor,
  dy: TfTensor,
  strides: [number, number],
  padding: 'same' | 'valid',
  filterShape: [number, number, number, number],
): TfTensor {
  const [kh, kw, c, m] = filterShape;
  const [, h, w] = x.shape as number[];
  const [, oh, ow] = dy.shape as number[];
  const ph = convOutputSize(h!, kh, strides[0], padding, 0);
  const pw = convOutputSize(w!, kw, strides[1], padding, 1);
  const xp = tf.pad(x, [
    [0, 0],
    [ph.padBefore, ph.padAfter],
    [pw.padBefore, pw.padAfter],
    [0, 0],
  ]);
  const xt = tf.transpose(xp, [3, 1, 2, 0]) as Tensor4D;
  const dyt = tf.transpose(dy, [1, 2, 0, 3]) as Tensor4D;
  const full = tf.conv2d(xt, dyt, [1, 1], 'valid', 'NHWC', strides);
  const fh = full.shape[1];
  const fw = full.shape[2];
  if (fh < kh || fw < kw) {
    throw new RangeError(
      `conv2dGradFilter: filter ${kh}x${kw} does not fit the padded input for dy ${oh}x${ow} (got ${fh}x${fw})`,
    );
  }
  const cropped = tf.slice(full, [0, 0, 0, 0], [c, kh, kw, m]);
  return tf.transpose(cropped, [1, 2, 0, 3]);
}

/**
 * conv2dGradFilter: dw [kh,kw,C/groups,M]. Uses the engine's Conv2DBackpropFilter kernel where it
 * has one (cpu, webgpu, tensorflow) and the equivalent dilated convolution where it does not
 * (wasm); both compute the same sum, only the summation order differs. Explicit pads pad x first
 * (then "valid"); groups > 1 go through `groupedConvGradFilter`.
 */
export const conv2dGradFilterKernel = defineKernel({
  op: 'conv2dGradFilter',
  run: ([xIn, dy], attrs, { tf, engineName }) => {
    let x = xIn!;
    let pad = tfPadding(attrs.padding);
    if (pad === null) {
      const [, h, w] = x.shape as number[];
      const [kh, kw] = attrs.filterShape;
      x = padNhwc(tf, x, pads2d(h!, w!, kh, kw, attrs.strides, attrs.padding));
      pad = 'valid';
    }
    const groups = attrs.groups ?? 1;
    if (groups > 1) {
      return [groupedConvGradFilter(tf, x, dy!, attrs.filterShape, attrs.strides, pad, groups, engineName)];
    }
    if (tf.getKernel('Conv2DBackpropFilter', engineName)) {
      const out = tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: dy! }, {
        strides: attrs.strides,
        pad,
        dataFormat: 'NHWC',
        dimRoundingMode: undefined,
        filterShape: attrs.filterShape,
      } as unknown as Record<string, never>);
      return [out as TfTensor];
    }
    return [conv2dGradFilterByConv(tf, x, dy!, attrs.strides, pad, attrs.filterShape)];
  },
});
