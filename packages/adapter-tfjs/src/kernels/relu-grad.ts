import { defineKernel } from './kernel';

/**
 * reluGrad: exactly 0 where y <= 0, dy elsewhere (a select, not a multiply, so no -0; as
 * PyTorch's threshold_backward, a NaN y passes dy and a NaN dy where y <= 0 gives 0).
 */
export const reluGradKernel = defineKernel({
  op: 'reluGrad',
  run: ([dy, y], _attrs, { tf }) => [tf.where(tf.lessEqual(y!, 0), tf.zerosLike(dy!), dy!)],
});
