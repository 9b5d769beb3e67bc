import { defineKernel } from './kernel';

/** errorCount: number of rows whose argmax differs from the label, as a float32 scalar. */
export const errorCountKernel = defineKernel({
  op: 'errorCount',
  run: ([logits, labels], _attrs, { tf }) => [
    tf.sum(tf.cast(tf.notEqual(tf.argMax(logits!, 1), labels!), 'float32')),
  ],
});
