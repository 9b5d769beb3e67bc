import { defineKernel } from './kernel';

/** batchNormInference: y = x * a + (bias - mean * a) with a = scale / sqrt(var + epsilon), per channel. */
export const batchNormInferenceKernel = defineKernel({
  op: 'batchNormInference',
  run: ([x, scale, bias, mean, variance], { epsilon }, { tf }) => {
    const a = tf.div(scale!, tf.sqrt(tf.add(variance!, epsilon)));
    return [tf.add(tf.mul(x!, a), tf.sub(bias!, tf.mul(mean!, a)))];
  },
});
