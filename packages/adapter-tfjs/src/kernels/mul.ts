import { defineKernel } from './kernel';

/** mul: y = a * b elementwise. */
export const mulKernel = defineKernel({
  op: 'mul',
  run: ([a, b], _attrs, { tf }) => [tf.mul(a!, b!)],
});
