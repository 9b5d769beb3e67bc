import { defineKernel } from './kernel';

/** reshape: row-major reshape; a leading -1 in attrs.shape is inferred (the batch). */
export const reshapeKernel = defineKernel({
  op: 'reshape',
  run: ([x], attrs, { tf }) => [tf.reshape(x!, attrs.shape)],
});
