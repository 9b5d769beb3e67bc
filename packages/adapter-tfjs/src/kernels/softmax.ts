import { defineKernel } from './kernel';

/** softmax along the last axis (tfjs subtracts the row maximum first). */
export const softmaxKernel = defineKernel({
  op: 'softmax',
  run: ([x], _attrs, { tf }) => [tf.softmax(x!)],
});
