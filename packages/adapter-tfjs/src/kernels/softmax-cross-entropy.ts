import { defineKernel } from './kernel';
import { oneHotFloat } from './one-hot';

/** softmaxCrossEntropy: mean over rows of -logSoftmax(logits)[label], a float32 scalar. */
export const softmaxCrossEntropyKernel = defineKernel({
  op: 'softmaxCrossEntropy',
  run: ([logits, labels], _attrs, { tf }) => {
    const k = logits!.shape[1]!;
    const logp = tf.logSoftmax(logits!);
    const picked = tf.sum(tf.mul(logp, oneHotFloat(tf, labels!, k)), 1);
    return [tf.neg(tf.mean(picked))];
  },
});
