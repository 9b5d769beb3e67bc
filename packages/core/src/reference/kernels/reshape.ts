/** Reference kernel for `reshape`: same data (shared, never copied), new shape; a -1 is the batch. */
import { OpError } from '../../errors';
import { formatShape } from '../../tensor';
import type { KernelConfig } from '../kernel';

/** The reshape kernel config. */
export const reshapeKernel: KernelConfig<'reshape'> = {
  op: 'reshape',
  run([x], attrs, ctx) {
    const size = x!.data.length;
    const known = attrs.shape.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
    const wild = attrs.shape.filter((d) => d === -1).length;
    const fill = wild === 1 && known > 0 ? size / known : -1;
    const shape = attrs.shape.map((d) => (d === -1 ? fill : d));
    if (wild > 1 || (!Number.isInteger(fill) && wild === 1) || shape.reduce((p, d) => p * d, 1) !== size) {
      throw new OpError(
        'reshape',
        ctx.node,
        `cannot reshape ${formatShape(x!.shape)} (${size} elements) to ${formatShape(attrs.shape)}`,
      );
    }
    return [{ dtype: x!.dtype, shape, data: x!.data }];
  },
};
