/** Reference kernel for `softmaxCrossEntropy`: mean over rows of logsumexp(logits) - logits[label]. */
import { checkLabels, rowLogSumExp, rowsAndClasses } from '../impl/rows';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor, intData } from '../ref-tensor';

/** The softmaxCrossEntropy kernel config. */
export const softmaxCrossEntropyKernel: KernelConfig<'softmaxCrossEntropy'> = {
  op: 'softmaxCrossEntropy',
  run([logits, labels], _attrs, ctx) {
    const op = 'softmaxCrossEntropy';
    const z = floatData(logits!, op, ctx.node, 'logits');
    const l = intData(labels!, op, ctx.node, 'labels');
    const [rows, k] = rowsAndClasses(op, ctx.node, logits!);
    checkLabels(op, ctx.node, l, rows, k);
    let total = 0;
    for (let r = 0; r < rows; r++) {
      const { max, lse } = rowLogSumExp(z, r * k, k);
      total += max + lse - z[r * k + l[r]!]!;
    }
    const loss = allocFloat(ctx.precision, 1);
    loss[0] = total / rows;
    return [floatTensor([], loss)];
  },
};
