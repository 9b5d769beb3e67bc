/** Reference kernel for `softmaxCrossEntropyGrad`: (softmax(logits) - onehot(labels)) / batch. */
import { checkLabels, rowLogSumExp, rowsAndClasses } from '../impl/rows';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor, intData } from '../ref-tensor';

/** The softmaxCrossEntropyGrad kernel config. */
export const softmaxCrossEntropyGradKernel: KernelConfig<'softmaxCrossEntropyGrad'> = {
  op: 'softmaxCrossEntropyGrad',
  run([logits, labels], _attrs, ctx) {
    const op = 'softmaxCrossEntropyGrad';
    const z = floatData(logits!, op, ctx.node, 'logits');
    const l = intData(labels!, op, ctx.node, 'labels');
    const [rows, k] = rowsAndClasses(op, ctx.node, logits!);
    checkLabels(op, ctx.node, l, rows, k);
    const d = allocFloat(ctx.precision, z.length);
    for (let r = 0; r < rows; r++) {
      const o = r * k;
      const { max, lse } = rowLogSumExp(z, o, k);
      for (let j = 0; j < k; j++) d[o + j] = Math.exp(z[o + j]! - max - lse) / rows;
      d[o + l[r]!] = (Math.exp(z[o + l[r]!]! - max - lse) - 1) / rows;
    }
    return [floatTensor([rows, k], d)];
  },
};
