import { defineKernel } from './kernel';

/** reluGrad: dx = dy where y > 0, else exactly 0 (a select, not a multiply, so no -0 or NaN). */
export const reluGradKernel = defineKernel({
  op: 'reluGrad',
  run: ([dy, y], _attrs, { tf }) => [tf.where(tf.greater(y!, 0), dy!, tf.zerosLike(dy!))],
});
