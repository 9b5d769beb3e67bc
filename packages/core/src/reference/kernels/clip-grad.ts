/** Reference kernel for `clipGrad`: dx = dy where min < x < max, else 0 (x is clip's input). */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The clipGrad kernel config. */
export const clipGradKernel: KernelConfig<'clipGrad'> = {
  op: 'clipGrad',
  run([dy, x], { min, max }, ctx) {
    const g = floatData(dy!, 'clipGrad', ctx.node, 'dy');
    const xd = floatData(x!, 'clipGrad', ctx.node, 'x');
    const dx = allocFloat(ctx.precision, g.length);
    for (let i = 0; i < g.length; i++) {
      const v = xd[i]!;
      dx[i] = v > min && v < max ? g[i]! : 0;
    }
    return [floatTensor([...dy!.shape], dx)];
  },
};
