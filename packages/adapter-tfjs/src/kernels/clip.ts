import { defineKernel } from './kernel';

/** clip: tf.clipByValue (ReLU6 = clip to [0, 6]); NaN passes through (tfjs-wasm's clip makes it 0). */
export const clipKernel = defineKernel({
  op: 'clip',
  run: ([x], { min, max }, { tf }) => [tf.where(tf.isNaN(x!), x!, tf.clipByValue(x!, min, max))],
});
