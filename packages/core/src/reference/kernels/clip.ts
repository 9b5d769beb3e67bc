/** Reference kernel for `clip`: y = min(max(x, min), max); NaN passes through. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The clip kernel config. */
export const clipKernel: KernelConfig<'clip'> = {
  op: 'clip',
  run([x], { min, max }, ctx) {
    const xd = floatData(x!, 'clip', ctx.node, 'x');
    const y = allocFloat(ctx.precision, xd.length);
    for (let i = 0; i < xd.length; i++) {
      const v = xd[i]!;
      y[i] = v < min ? min : v > max ? max : v;
    }
    return [floatTensor([...x!.shape], y)];
  },
};
