import type { Tensor4D } from '@tensorflow/tfjs-core';
import { avgPoolCounts } from './avg-pool-impl';
import { defineKernel } from './kernel';
import { keepWindowNaN } from './nan-max';
import { padNhwc, tfPadding } from './window-pads';

/**
 * avgPool: tfjs's avgPool for "same"/"valid" (TensorFlow leaves padding out of the mean, as the
 * IR does); explicit pads: window sums of zero-padded x divided by each window's real count. A
 * window holding NaN averages to NaN on every engine (`keepWindowNaN`).
 */
export const avgPoolKernel = defineKernel({
  op: 'avgPool',
  run: ([x], attrs, { tf }) => {
    const pad = tfPadding(attrs.padding);
    const { poolSize, strides } = attrs;
    if (pad !== null)
      return [
        keepWindowNaN(tf, x!, tf.avgPool(x as Tensor4D, poolSize, strides, pad), poolSize, strides, pad),
      ];
    const [, h, w] = x!.shape as number[];
    const { pads, inverseCount } = avgPoolCounts(tf, h!, w!, poolSize, strides, attrs.padding);
    const padded = padNhwc(tf, x!, pads);
    const mean = tf.avgPool(padded as Tensor4D, poolSize, strides, 'valid');
    const y = tf.mul(tf.mul(mean, poolSize[0] * poolSize[1]), inverseCount);
    return [keepWindowNaN(tf, padded, y, poolSize, strides, 'valid')];
  },
});
