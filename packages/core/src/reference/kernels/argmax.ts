/** Reference kernel for `argmax`: index of the first maximum of each row, int32 [N]. */
import { firstMax, rowsAndClasses } from '../impl/rows';
import type { KernelConfig } from '../kernel';
import { floatData } from '../ref-tensor';

/** The argmax kernel config. */
export const argmaxKernel: KernelConfig<'argmax'> = {
  op: 'argmax',
  run([x], _attrs, ctx) {
    const xd = floatData(x!, 'argmax', ctx.node, 'x');
    const [rows, k] = rowsAndClasses('argmax', ctx.node, x!);
    const y = new Int32Array(rows);
    for (let r = 0; r < rows; r++) y[r] = firstMax(xd, r * k, k);
    return [{ dtype: 'int32', shape: [rows], data: y }];
  },
};
