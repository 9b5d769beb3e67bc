import { defineKernel } from './kernel';

/** biasAdd: y = x + b, b broadcast along the last axis (tfjs broadcasting). */
export const biasAddKernel = defineKernel({
  op: 'biasAdd',
  run: ([x, b], _attrs, { tf }) => [tf.add(x!, b!)],
});
