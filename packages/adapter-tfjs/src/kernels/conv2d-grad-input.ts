import { convOutputSize } from '@bench/core';
import type { Padding } from '@bench/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';
import { groupedConvGradInput } from './grouped-conv';
import { defineKernel } from './kernel';
import { legacyWasmGrads } from './legacy-wasm-grads';
import { cropNhwc, pads2d, tfPadding } from './window-pads';

/**
 * dx at stride 1 as a forward convolution: dy padded by (k - 1 - padBefore) before and the rest
 * after, convolved with the kernel flipped spatially and with C and M swapped (any padding,
 * explicit pads included; groups 1 only). On tfjs-wasm a forward conv2d runs on XNNPACK while
 * Conv2DBackpropInput is a plain loop (measured on the E4 CNN: see the adapter README).
 */
export function conv2dGradInputByConv(
  tf: Tf,
  dy: TfTensor,
  w: TfTensor,
  inputShape: [number, number, number],
  padding: Padding,
): TfTensor {
  const [kh, kw] = w.shape as number[];
  const [h, wd] = inputShape;
  const ph = convOutputSize(h, kh!, 1, padding, 0);
  const pw = convOutputSize(wd, kw!, 1, padding, 1);
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
 * conv2dGradInput: dx = conv2d's input gradient. tfjs-wasm at stride 1 without groups:
 * `conv2dGradInputByConv`; elsewhere tfjs's Conv2DBackpropInput via conv2dTranspose, with explicit
 * pads the gradient of the padded input (padding "valid") cropped back; groups > 1 through
 * `groupedConvGradInput`.
 */
export const conv2dGradInputKernel = defineKernel({
  op: 'conv2dGradInput',
  run: ([dy, w], attrs, { tf, engineName }) => {
    const [h, wd, c] = attrs.inputShape;
    const groups = attrs.groups ?? 1;
    const unit = attrs.strides[0] === 1 && attrs.strides[1] === 1;
    if (engineName === 'wasm' && unit && groups === 1 && !legacyWasmGrads())
      return [conv2dGradInputByConv(tf, dy!, w!, attrs.inputShape, attrs.padding)];
    const n = dy!.shape[0]!;
    let pad = tfPadding(attrs.padding);
    let outShape: [number, number, number, number] = [n, h, wd, c];
    const explicit =
      pad === null ? pads2d(h, wd, w!.shape[0]!, w!.shape[1]!, attrs.strides, attrs.padding) : null;
    if (explicit) {
      outShape = [n, h + explicit.top + explicit.bottom, wd + explicit.left + explicit.right, c];
      pad = 'valid';
    }
    const dx =
      groups > 1
        ? groupedConvGradInput(tf, dy!, w!, outShape, attrs.strides, pad!, groups, engineName)
        : tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, outShape, attrs.strides, pad!);
    return [explicit ? cropNhwc(tf, dx, explicit, h, wd) : dx];
  },
});
