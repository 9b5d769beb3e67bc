/** Reference kernel for `sgdUpdate`: p_new = p - lr * g. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The sgdUpdate kernel config. */
export const sgdUpdateKernel: KernelConfig<'sgdUpdate'> = {
  op: 'sgdUpdate',
  run([param, grad], attrs, ctx) {
    const p = floatData(param!, 'sgdUpdate', ctx.node, 'param');
    const g = floatData(grad!, 'sgdUpdate', ctx.node, 'grad');
    const lr = attrs.lr;
    const data = allocFloat(ctx.precision, p.length);
    const out = floatTensor([...param!.shape], data);
    for (let i = 0; i < p.length; i++) data[i] = p[i]! - lr * g[i]!;
    return [out];
  },
};
