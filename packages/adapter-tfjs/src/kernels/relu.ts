import { defineKernel } from './kernel';

/** relu: y = max(x, 0). */
export const reluKernel = defineKernel({
  op: 'relu',
  run: ([x], _attrs, { tf }) => [tf.relu(x!)],
});
