/** Reference kernel for `matmul`: y = op(a) @ op(b), transposes read in place (see impl/gemm.ts). */
import { OpError } from '../../errors';
import { formatShape } from '../../tensor';
import { gemm, matmulStrides } from '../impl/gemm';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The matmul kernel config. */
export const matmulKernel: KernelConfig<'matmul'> = {
  op: 'matmul',
  run([a, b], attrs, ctx) {
    const transA = attrs.transA === true;
    const transB = attrs.transB === true;
    const ad = floatData(a!, 'matmul', ctx.node, 'a');
    const bd = floatData(b!, 'matmul', ctx.node, 'b');
    const [a0, a1] = a!.shape as [number, number];
    const [b0, b1] = b!.shape as [number, number];
    const m = transA ? a1 : a0;
    const k = transA ? a0 : a1;
    const kb = transB ? b1 : b0;
    const n = transB ? b0 : b1;
    if (a!.shape.length !== 2 || b!.shape.length !== 2 || k !== kb) {
      throw new OpError(
        'matmul',
        ctx.node,
        `cannot multiply a ${formatShape(a!.shape)} (transA ${transA}) by b ${formatShape(b!.shape)} (transB ${transB}); inner dimensions must agree`,
      );
    }
    const y = allocFloat(ctx.precision, m * n);
    gemm(m, n, k, ad, bd, matmulStrides(m, n, k, transA, transB), y, false);
    return [floatTensor([m, n], y)];
  },
};
