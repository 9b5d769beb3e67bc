import { defineKernel } from './kernel';
import { oneHotFloat } from './one-hot';

/** softmaxCrossEntropyGrad: dlogits = (softmax(logits) - onehot(labels)) / batch. */
export const softmaxCrossEntropyGradKernel = defineKernel({
  op: 'softmaxCrossEntropyGrad',
  run: ([logits, labels], _attrs, { tf }) => {
    const [n, k] = logits!.shape as [number, number];
    const diff = tf.sub(tf.softmax(logits!), oneHotFloat(tf, labels!, k));
    return [tf.div(diff, tf.scalar(n, 'float32'))];
  },
});
