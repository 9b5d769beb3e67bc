/** Reference kernel for `add`: y = a + b elementwise. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The add kernel config. */
export const addKernel: KernelConfig<'add'> = {
  op: 'add',
  run([a, b], _attrs, ctx) {
    const ad = floatData(a!, 'add', ctx.node, 'a');
    const bd = floatData(b!, 'add', ctx.node, 'b');
    const y = allocFloat(ctx.precision, ad.length);
    const out = floatTensor([...a!.shape], y);
    for (let i = 0; i < ad.length; i++) y[i] = ad[i]! + bd[i]!;
    return [out];
  },
};
