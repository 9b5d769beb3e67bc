import { defineKernel } from './kernel';

/** sgdUpdate: p_new = p - lr * g. */
export const sgdUpdateKernel = defineKernel({
  op: 'sgdUpdate',
  run: ([p, g], attrs, { tf }) => [tf.sub(p!, tf.mul(tf.scalar(attrs.lr, 'float32'), g!))],
});
