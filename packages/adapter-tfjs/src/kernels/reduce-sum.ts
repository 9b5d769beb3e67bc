import { defineKernel } from './kernel';

/** reduceSum: y = sum of x over attrs.axes; an empty axis list is the identity. */
export const reduceSumKernel = defineKernel({
  op: 'reduceSum',
  run: ([x], attrs, { tf }) => [attrs.axes.length === 0 ? tf.clone(x!) : tf.sum(x!, attrs.axes)],
});
