/** Reference kernel for `reluGrad`: dx = dy where y > 0, else 0 (y is relu's output). */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The reluGrad kernel config. */
export const reluGradKernel: KernelConfig<'reluGrad'> = {
  op: 'reluGrad',
  run([dy, y], _attrs, ctx) {
    const g = floatData(dy!, 'reluGrad', ctx.node, 'dy');
    const yd = floatData(y!, 'reluGrad', ctx.node, 'y');
    const dx = allocFloat(ctx.precision, g.length);
    const out = floatTensor([...dy!.shape], dx);
    for (let i = 0; i < g.length; i++) {
      const v = g[i]!;
      // As PyTorch's threshold_backward: 0 where y <= 0 (even for a NaN dy), dy elsewhere (NaN y too).
      dx[i] = yd[i]! <= 0 ? 0 : v;
    }
    return [out];
  },
};
