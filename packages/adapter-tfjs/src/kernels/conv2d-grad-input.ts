import { convOutputSize } from '@bench/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';
import { defineKernel } from './kernel';
import { legacyWasmGrads } from './legacy-wasm-grads';

/**
 * dx at stride 1 as a forward convolution: dy padded by (k - 1 - padBefore) before and the rest
 * after, convolved with the kernel flipped spatially and with C and M swapped. On tfjs-wasm a
 * forward conv2d runs on XNNPACK while Conv2DBackpropInput is a plain loop (measured on the E4
 * CNN: see the adapter README).
 */
export function conv2dGradInputByConv(
  tf: Tf,
  dy: TfTensor,
  w: TfTensor,
  inputShape: [number, number, number],
  padding: 'same' | 'valid',
): TfTensor {
  const [kh, kw] = w.shape as number[];
  const [h, wd] = inputShape;
  const ph = convOutputSize(h, kh!, 1, padding);
  const pw = convOutputSize(wd, kw!, 1, padding);
  const top = kh! - 1 - ph.padBefore;
  const left = kw! - 1 - pw.padBefore;
  const dyp = tf.pad(dy, [
    [0, 0],
    [top, h - ph.out - top + kh! - 1],
    [left, wd - pw.out - left + kw! - 1],
    [0, 0],
  ]);
  const flipped = tf.reverse(tf.transpose(w, [0, 1, 3, 2]), [0, 1]) as Tensor4D;
  return tf.conv2d(dyp as Tensor4D, flipped, 1, 'valid');
}

/**
 * conv2dGradInput: dx = conv2d's input gradient. tfjs-wasm at stride 1: `conv2dGradInputByConv`;
 * elsewhere tfjs's Conv2DBackpropInput via conv2dTranspose.
 */
export const conv2dGradInputKernel = defineKernel({
  op: 'conv2dGradInput',
  run: ([dy, w], attrs, { tf, engineName }) => {
    const [h, wd, c] = attrs.inputShape;
    if (engineName === 'wasm' && attrs.strides[0] === 1 && attrs.strides[1] === 1 && !legacyWasmGrads())
      return [conv2dGradInputByConv(tf, dy!, w!, attrs.inputShape, attrs.padding)];
    const outShape: [number, number, number, number] = [dy!.shape[0]!, h, wd, c];
    return [tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, outShape, attrs.strides, attrs.padding)];
  },
});
