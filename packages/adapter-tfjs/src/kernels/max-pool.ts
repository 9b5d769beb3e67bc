import type { Tensor4D } from '@tensorflow/tfjs-core';
import { defineKernel } from './kernel';

/** maxPool: window maxima of NHWC x; tfjs skips out-of-range positions, i.e. pads with -infinity. */
export const maxPoolKernel = defineKernel({
  op: 'maxPool',
  run: ([x], attrs, { tf }) => [tf.maxPool(x as Tensor4D, attrs.poolSize, attrs.strides, attrs.padding)],
});
