import { defineKernel } from './kernel';
import { rowStats } from './softmax';

/**
 * softmaxCrossEntropy: mean over rows of logsumexp(row) - row[label], in one thread (N x K work,
 * K is the class count); labels arrive as float32 class indices.
 */
export const softmaxCrossEntropyKernel = defineKernel({
  op: 'softmaxCrossEntropy',
  build({ engine, inputs }) {
    const [n, k] = inputs[0]!.shape as [number, number];
    const src = `function (z, labels) {
  let total = 0.0;
  for (let r = 0; r < ${n}; r++) {
    const rb = r * ${k};
    ${rowStats('z', k)}
    const lab = labels[r];
    let zl = 0.0;
    for (let j = 0; j < ${k}; j++) { if (j === lab) { zl = z[rb + j]; } }
    total += Math.log(se) + mx - zl;
  }
  return total / ${n}.0;
}`;
    const kernel = engine.kernel('softmaxCrossEntropy', src, 1);
    return async ([z, labels]) => [await engine.call(kernel, [z!.buffer, labels!.buffer])];
  },
});
