/** Reference kernel for `biasAdd`: y = x + b along the last axis. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The biasAdd kernel config. */
export const biasAddKernel: KernelConfig<'biasAdd'> = {
  op: 'biasAdd',
  run([x, b], _attrs, ctx) {
    const xd = floatData(x!, 'biasAdd', ctx.node, 'x');
    const bd = floatData(b!, 'biasAdd', ctx.node, 'b');
    const c = bd.length;
    const y = allocFloat(ctx.precision, xd.length);
    const out = floatTensor([...x!.shape], y);
    for (let o = 0; o < xd.length; o += c) {
      for (let j = 0; j < c; j++) y[o + j] = xd[o + j]! + bd[j]!;
    }
    return [out];
  },
};
