import { defineKernel } from './kernel';

/** batchNormInferenceGrad: dx = dy * scale / sqrt(var + epsilon), per channel. */
export const batchNormInferenceGradKernel = defineKernel({
  op: 'batchNormInferenceGrad',
  run: ([dy, scale, variance], { epsilon }, { tf }) => [
    tf.mul(dy!, tf.div(scale!, tf.sqrt(tf.add(variance!, epsilon)))),
  ],
});
