/** Cases of the classification ops: softmax, softmaxCrossEntropy(+Grad), errorCount, argmax. */
import type { OpName } from '@bench/core';
import { batchOf, between, dims, labels, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

/** softmax of logits in [-5, 5). */
export const softmaxCases: CaseGenerator = (rng, index) => {
  const shape = [batchOf(rng, index), between(rng, 2, 10)];
  return singleOpCase('softmax', `x${dims(shape)}`, [uniform(rng, shape, -5, 5)], {}, ['x']);
};

function withLabels(
  op: Extract<OpName, 'softmaxCrossEntropy' | 'softmaxCrossEntropyGrad' | 'errorCount'>,
): CaseGenerator {
  return (rng, index) => {
    const n = batchOf(rng, index);
    const k = between(rng, 2, 10);
    return singleOpCase(op, `logits${dims([n, k])}`, [uniform(rng, [n, k], -5, 5), labels(rng, n, k)], {}, [
      'logits',
      'labels',
    ]);
  };
}

/** Mean cross-entropy loss. */
export const softmaxCrossEntropyCases = withLabels('softmaxCrossEntropy');
/** Its gradient (softmax - onehot) / batch. */
export const softmaxCrossEntropyGradCases = withLabels('softmaxCrossEntropyGrad');
/** Count of rows whose argmax differs from the label. */
export const errorCountCases = withLabels('errorCount');

/** argmax per row; odd cases quantise values to force ties (first maximum wins). */
export const argmaxCases: CaseGenerator = (rng, index) => {
  const shape = [batchOf(rng, index), between(rng, 2, 10)];
  const x = uniform(rng, shape, -2, 2);
  const ties = index % 2 === 1;
  if (ties)
    x.data.forEach((v, i) => {
      x.data[i] = Math.round(v);
    });
  return singleOpCase('argmax', `x${dims(shape)}${ties ? ' (ties)' : ''}`, [x], {}, ['x']);
};
