import { defineKernel } from './kernel';

/** matmul: y = op(a) @ op(b) with tfjs's matMul (transpose flags passed through). */
export const matmulKernel = defineKernel({
  op: 'matmul',
  run: ([a, b], attrs, { tf }) => [tf.matMul(a!, b!, attrs.transA ?? false, attrs.transB ?? false)],
});
