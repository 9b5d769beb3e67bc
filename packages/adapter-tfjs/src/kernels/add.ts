import { defineKernel } from './kernel';

/** add: y = a + b elementwise. */
export const addKernel = defineKernel({
  op: 'add',
  run: ([a, b], _attrs, { tf }) => [tf.add(a!, b!)],
});
