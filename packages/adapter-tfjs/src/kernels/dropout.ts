import { dropoutMask } from './dropout-mask';
import { defineKernel } from './kernel';

/** dropout: y = x * mask with the seeded counter-based mask of @bench/core (made on the host). */
export const dropoutKernel = defineKernel({
  op: 'dropout',
  run: ([x], attrs, ctx) => {
    const { tf, node } = ctx;
    const step = ctx.hostScalar(node.inputs[1]!);
    const mask = tf.tensor(dropoutMask(attrs.seed, step, attrs.rate, x!.size), x!.shape, 'float32');
    return [tf.mul(x!, mask), mask];
  },
});
