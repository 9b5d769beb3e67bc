/**
 * Reference kernel for `dropout`: mask[i] = (counterUniform(seed, step, i) >= rate) / (1 - rate)
 * with i the row-major element index, y = x * mask. This is the definition every backend matches.
 */
import { OpError } from '../../errors';
import { counterUniform } from '../../util/random';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor, intData } from '../ref-tensor';

/** The dropout kernel config. */
export const dropoutKernel: KernelConfig<'dropout'> = {
  op: 'dropout',
  run([x, step], attrs, ctx) {
    const xd = floatData(x!, 'dropout', ctx.node, 'x');
    const t = intData(step!, 'dropout', ctx.node, 'step')[0]!;
    const { rate, seed } = attrs;
    if (!(rate >= 0 && rate < 1)) {
      throw new OpError('dropout', ctx.node, `rate must be in [0, 1), got ${rate}`);
    }
    const mask = allocFloat(ctx.precision, xd.length);
    const y = allocFloat(ctx.precision, xd.length);
    const scale = 1 / (1 - rate);
    const outs = [floatTensor([...x!.shape], y), floatTensor([...x!.shape], mask)];
    for (let i = 0; i < xd.length; i++) {
      const v = xd[i]!;
      if (counterUniform(seed, t, i) >= rate) mask[i] = scale;
      y[i] = v * mask[i]!;
    }
    return outs;
  },
};
