import { defineKernel } from './kernel';
import { nanFirstArgMax } from './nan-max';

/** errorCount: number of rows whose argmax (a NaN counts as the maximum) differs from the label, as a float32 scalar. */
export const errorCountKernel = defineKernel({
  op: 'errorCount',
  run: ([logits, labels], _attrs, { tf }) => [
    tf.sum(tf.cast(tf.notEqual(nanFirstArgMax(tf, logits!), labels!), 'float32')),
  ],
});
