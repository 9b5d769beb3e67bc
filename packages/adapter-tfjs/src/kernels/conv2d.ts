import type { Tensor4D } from '@tensorflow/tfjs-core';
import { defineKernel } from './kernel';

/** conv2d: NHWC cross-correlation with a [kh,kw,C,M] filter; tfjs uses TensorFlow's padding rules. */
export const conv2dKernel = defineKernel({
  op: 'conv2d',
  run: ([x, w], attrs, { tf }) => [tf.conv2d(x as Tensor4D, w as Tensor4D, attrs.strides, attrs.padding)],
});
