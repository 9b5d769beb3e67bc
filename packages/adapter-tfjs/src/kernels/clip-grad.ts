import { defineKernel } from './kernel';

/** clipGrad: dx = dy where min < x < max, else exactly 0 (a select, not a multiply). */
export const clipGradKernel = defineKernel({
  op: 'clipGrad',
  run: ([dy, x], { min, max }, { tf }) => [
    tf.where(tf.logicalAnd(tf.greater(x!, min), tf.less(x!, max)), dy!, tf.zerosLike(dy!)),
  ],
});
