/** Reference kernel for `errorCount`: rows whose first-maximum argmax differs from the label. */
import { checkLabels, firstMax, rowsAndClasses } from '../impl/rows';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor, intData } from '../ref-tensor';

/** The errorCount kernel config. */
export const errorCountKernel: KernelConfig<'errorCount'> = {
  op: 'errorCount',
  run([logits, labels], _attrs, ctx) {
    const z = floatData(logits!, 'errorCount', ctx.node, 'logits');
    const l = intData(labels!, 'errorCount', ctx.node, 'labels');
    const [rows, k] = rowsAndClasses('errorCount', ctx.node, logits!);
    checkLabels('errorCount', ctx.node, l, rows, k);
    let errors = 0;
    for (let r = 0; r < rows; r++) if (firstMax(z, r * k, k) !== l[r]) errors++;
    const count = allocFloat(ctx.precision, 1);
    count[0] = errors;
    return [floatTensor([], count)];
  },
};
