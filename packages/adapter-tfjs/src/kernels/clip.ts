import { defineKernel } from './kernel';

/** clip: tf.clipByValue (ReLU6 = clip to [0, 6]). */
export const clipKernel = defineKernel({
  op: 'clip',
  run: ([x], { min, max }, { tf }) => [tf.clipByValue(x!, min, max)],
});
