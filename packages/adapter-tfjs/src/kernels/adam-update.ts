import { defineKernel } from './kernel';

/**
 * adamUpdate in PyTorch's form, written with tfjs ops (tf.train.adam folds the bias corrections
 * into the learning rate and puts epsilon elsewhere, so it is not identical):
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p = p - lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 * The bias corrections are computed on the host from the step in float64.
 */
export const adamUpdateKernel = defineKernel({
  op: 'adamUpdate',
  run: ([p, g, m, v], attrs, ctx) => {
    const { tf, node } = ctx;
    const t = ctx.hostScalar(node.inputs[4]!);
    const { lr, beta1, beta2, epsilon } = attrs;
    const s = (value: number) => tf.scalar(value, 'float32');
    const mNew = tf.add(tf.mul(s(beta1), m!), tf.mul(s(1 - beta1), g!));
    const vNew = tf.add(tf.mul(s(beta2), v!), tf.mul(s(1 - beta2), tf.square(g!)));
    const mHat = tf.div(mNew, s(1 - beta1 ** t));
    const vHat = tf.div(vNew, s(1 - beta2 ** t));
    const pNew = tf.sub(p!, tf.div(tf.mul(s(lr), mHat), tf.add(tf.sqrt(vHat), s(epsilon))));
    return [pNew, mNew, vNew];
  },
});
