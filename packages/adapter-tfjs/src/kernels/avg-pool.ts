import type { Tensor4D } from '@tensorflow/tfjs-core';
import { avgPoolCounts } from './avg-pool-impl';
import { defineKernel } from './kernel';
import { padNhwc, tfPadding } from './window-pads';

/**
 * avgPool: tfjs's avgPool for "same"/"valid" (TensorFlow leaves padding out of the mean, as the
 * IR does); explicit pads: window sums of zero-padded x divided by each window's real count.
 */
export const avgPoolKernel = defineKernel({
  op: 'avgPool',
  run: ([x], attrs, { tf }) => {
    const pad = tfPadding(attrs.padding);
    if (pad !== null) return [tf.avgPool(x as Tensor4D, attrs.poolSize, attrs.strides, pad)];
    const [, h, w] = x!.shape as number[];
    const { pads, inverseCount } = avgPoolCounts(tf, h!, w!, attrs.poolSize, attrs.strides, attrs.padding);
    const mean = tf.avgPool(padNhwc(tf, x!, pads) as Tensor4D, attrs.poolSize, attrs.strides, 'valid');
    return [tf.mul(tf.mul(mean, attrs.poolSize[0] * attrs.poolSize[1]), inverseCount)];
  },
});
