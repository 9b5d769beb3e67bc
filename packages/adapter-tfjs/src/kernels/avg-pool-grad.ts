import type { Tensor4D } from '@tensorflow/tfjs-core';
import { avgPoolCounts } from './avg-pool-impl';
import { defineKernel } from './kernel';

/**
 * avgPoolGrad from plain ops (not every engine has AvgPoolGrad): dy divided by each window's real
 * count, channels moved to the batch axis, spread over the windows by one transposed convolution
 * with a kernel of ones, then the padding cropped (as `maxPoolGradFirstMax` does).
 */
export const avgPoolGradKernel = defineKernel({
  op: 'avgPoolGrad',
  run: ([dy], attrs, { tf }) => {
    const [h, w, c] = attrs.inputShape;
    const n = dy!.shape[0]!;
    const [kh, kw] = attrs.poolSize;
    const [sh, sw] = attrs.strides;
    const { pads, inverseCount } = avgPoolCounts(tf, h, w, attrs.poolSize, attrs.strides, attrs.padding);
    const hn = (pads.outH - 1) * sh + kh;
    const wn = (pads.outW - 1) * sw + kw;
    const scaled = tf.mul(dy!, inverseCount);
    const stacked = tf.reshape(tf.transpose(scaled, [0, 3, 1, 2]), [
      n * c,
      pads.outH,
      pads.outW,
      1,
    ]) as Tensor4D;
    const ones = tf.ones([kh, kw, 1, 1]) as Tensor4D;
    const spread = tf.conv2dTranspose(stacked, ones, [n * c, hn, wn, 1], attrs.strides, 'valid');
    const full = tf.pad(spread, [
      [0, 0],
      [0, Math.max(0, pads.top + h - hn)],
      [0, Math.max(0, pads.left + w - wn)],
      [0, 0],
    ]);
    const cropped = tf.slice(full, [0, pads.top, pads.left, 0], [n * c, h, w, 1]);
    return [tf.transpose(tf.reshape(cropped, [n, c, h, w]), [0, 2, 3, 1])];
  },
});
