import { nonChannelAxes, perChannelCount } from './batch-norm-impl';
import { defineKernel } from './kernel';

/**
 * batchNormGrad: dbias = sum dy, dscale = sum dy * xhat,
 * dx = scale * invStd * (dy - dbias / count - xhat * dscale / count).
 */
export const batchNormGradKernel = defineKernel({
  op: 'batchNormGrad',
  run: ([dy, x, scale, mean, invStd], _attrs, { tf }) => {
    const axes = nonChannelAxes(x!);
    const count = perChannelCount(x!);
    const xhat = tf.mul(tf.sub(x!, mean!), invStd!);
    const dbias = tf.sum(dy!, axes);
    const dscale = tf.sum(tf.mul(dy!, xhat), axes);
    const inner = tf.sub(tf.sub(dy!, tf.div(dbias, count)), tf.mul(xhat, tf.div(dscale, count)));
    const dx = tf.mul(inner, tf.mul(scale!, invStd!));
    return [dx, dscale, dbias];
  },
});
