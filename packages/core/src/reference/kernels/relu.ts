/** Reference kernel for `relu`: y = max(x, 0). */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The relu kernel config. */
export const reluKernel: KernelConfig<'relu'> = {
  op: 'relu',
  run([x], _attrs, ctx) {
    const xd = floatData(x!, 'relu', ctx.node, 'x');
    const y = allocFloat(ctx.precision, xd.length);
    const out = floatTensor([...x!.shape], y);
    for (let i = 0; i < xd.length; i++) {
      const v = xd[i]!;
      y[i] = v <= 0 ? 0 : v; // NaN stays NaN (as in PyTorch), never 0
    }
    return [out];
  },
};
