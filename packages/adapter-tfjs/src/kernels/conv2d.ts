import type { Tensor4D } from '@tensorflow/tfjs-core';
import { groupedConv } from './grouped-conv';
import { defineKernel } from './kernel';
import { padNhwc, pads2d, tfPadding } from './window-pads';

/**
 * conv2d: NHWC cross-correlation with a [kh,kw,C/groups,M] filter; tfjs uses TensorFlow's padding
 * rules, explicit pads are applied to x first; groups > 1 through `groupedConv`.
 */
export const conv2dKernel = defineKernel({
  op: 'conv2d',
  run: ([x, w], attrs, { tf }) => {
    let input = x!;
    let pad = tfPadding(attrs.padding);
    if (pad === null) {
      const [, h, wd] = x!.shape as number[];
      const [kh, kw] = w!.shape as number[];
      input = padNhwc(tf, x!, pads2d(h!, wd!, kh!, kw!, attrs.strides, attrs.padding));
      pad = 'valid';
    }
    const groups = attrs.groups ?? 1;
    if (groups > 1) return [groupedConv(tf, input, w!, attrs.strides, pad, groups)];
    return [tf.conv2d(input as Tensor4D, w as Tensor4D, attrs.strides, pad)];
  },
});
