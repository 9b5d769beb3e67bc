import type { Tensor4D } from '@tensorflow/tfjs-core';
import { groupedConvGradInput } from './grouped-conv';
import { defineKernel } from './kernel';
import { cropNhwc, pads2d, tfPadding } from './window-pads';

/**
 * conv2dGradInput: dx = conv2d's input gradient (tfjs's Conv2DBackpropInput via conv2dTranspose);
 * with explicit pads, the gradient of the padded input (padding "valid") cropped back; groups > 1
 * through `groupedConvGradInput`.
 */
export const conv2dGradInputKernel = defineKernel({
  op: 'conv2dGradInput',
  run: ([dy, w], attrs, { tf, engineName }) => {
    const [h, wd, c] = attrs.inputShape;
    const n = dy!.shape[0]!;
    let pad = tfPadding(attrs.padding);
    let outShape: [number, number, number, number] = [n, h, wd, c];
    const explicit =
      pad === null ? pads2d(h, wd, w!.shape[0]!, w!.shape[1]!, attrs.strides, attrs.padding) : null;
    if (explicit) {
      outShape = [n, h + explicit.top + explicit.bottom, wd + explicit.left + explicit.right, c];
      pad = 'valid';
    }
    const groups = attrs.groups ?? 1;
    const dx =
      groups > 1
        ? groupedConvGradInput(tf, dy!, w!, outShape, attrs.strides, pad!, groups, engineName)
        : tf.conv2dTranspose(dy as Tensor4D, w as Tensor4D, outShape, attrs.strides, pad!);
    return [explicit ? cropNhwc(tf, dx, explicit, h, wd) : dx];
  },
});
