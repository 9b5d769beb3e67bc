import { nonChannelAxes, perChannelCount } from './batch-norm-impl';
import { defineKernel } from './kernel';

/**
 * batchNorm (training): batch mean and biased variance over every axis but the last (tf.moments),
 * y = (x - mean) * invStd * scale + bias, running statistics moved by momentum (unbiased var).
 */
export const batchNormKernel = defineKernel({
  op: 'batchNorm',
  run: ([x, scale, bias, runningMean, runningVar], { epsilon, momentum }, { tf }) => {
    const { mean, variance } = tf.moments(x!, nonChannelAxes(x!));
    const invStd = tf.rsqrt(tf.add(variance, epsilon));
    const y = tf.add(tf.mul(tf.sub(x!, mean), tf.mul(invStd, scale!)), bias!);
    const count = perChannelCount(x!);
    const unbias = count > 1 ? count / (count - 1) : 1;
    const rm = tf.add(tf.mul(runningMean!, 1 - momentum), tf.mul(mean, momentum));
    const rv = tf.add(tf.mul(runningVar!, 1 - momentum), tf.mul(variance, momentum * unbias));
    return [y, mean, invStd, rm, rv];
  },
});
