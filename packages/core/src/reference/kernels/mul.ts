/** Reference kernel for `mul`: y = a * b elementwise. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The mul kernel config. */
export const mulKernel: KernelConfig<'mul'> = {
  op: 'mul',
  run([a, b], _attrs, ctx) {
    const ad = floatData(a!, 'mul', ctx.node, 'a');
    const bd = floatData(b!, 'mul', ctx.node, 'b');
    const y = allocFloat(ctx.precision, ad.length);
    const out = floatTensor([...a!.shape], y);
    for (let i = 0; i < ad.length; i++) y[i] = ad[i]! * bd[i]!;
    return [out];
  },
};
