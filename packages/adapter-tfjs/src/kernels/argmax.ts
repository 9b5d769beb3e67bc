import { defineKernel } from './kernel';

/** argmax: index of each row's maximum, int32 [N]. */
export const argmaxKernel = defineKernel({
  op: 'argmax',
  run: ([x], _attrs, { tf }) => [tf.argMax(x!, 1)],
});
