/** Reference kernel for `softmax` along the last axis of [N, K] (max-subtracted, float64 sums). */
import { rowLogSumExp, rowsAndClasses } from '../impl/rows';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The softmax kernel config. */
export const softmaxKernel: KernelConfig<'softmax'> = {
  op: 'softmax',
  run([x], _attrs, ctx) {
    const xd = floatData(x!, 'softmax', ctx.node, 'x');
    const [rows, k] = rowsAndClasses('softmax', ctx.node, x!);
    const y = allocFloat(ctx.precision, xd.length);
    for (let r = 0; r < rows; r++) {
      const o = r * k;
      const { max, lse } = rowLogSumExp(xd, o, k);
      for (let j = 0; j < k; j++) y[o + j] = Math.exp(xd[o + j]! - max - lse);
    }
    return [floatTensor([rows, k], y)];
  },
};
