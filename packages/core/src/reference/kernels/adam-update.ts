/**
 * Reference kernel for `adamUpdate` in the PyTorch form, t = step (1-based):
 * m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p = p - lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps).
 */
import { OpError } from '../../errors';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor, intData } from '../ref-tensor';

/** The adamUpdate kernel config. */
export const adamUpdateKernel: KernelConfig<'adamUpdate'> = {
  op: 'adamUpdate',
  run([param, grad, m, v, step], attrs, ctx) {
    const op = 'adamUpdate';
    const p = floatData(param!, op, ctx.node, 'param');
    const g = floatData(grad!, op, ctx.node, 'grad');
    const md = floatData(m!, op, ctx.node, 'm');
    const vd = floatData(v!, op, ctx.node, 'v');
    const t = intData(step!, op, ctx.node, 'step')[0]!;
    if (!(t >= 1)) throw new OpError(op, ctx.node, `step must be >= 1 (steps are 1-based), got ${t}`);
    const { lr, beta1, beta2, epsilon } = attrs;
    const c1 = 1 - beta1 ** t;
    const c2 = 1 - beta2 ** t;
    const pOut = allocFloat(ctx.precision, p.length);
    const mOut = allocFloat(ctx.precision, p.length);
    const vOut = allocFloat(ctx.precision, p.length);
    const shape = [...param!.shape];
    const outs = [floatTensor(shape, pOut), floatTensor([...shape], mOut), floatTensor([...shape], vOut)];
    for (let i = 0; i < p.length; i++) {
      const gi = g[i]!;
      const mi = beta1 * md[i]! + (1 - beta1) * gi;
      const vi = beta2 * vd[i]! + (1 - beta2) * gi * gi;
      mOut[i] = mi;
      vOut[i] = vi;
      pOut[i] = p[i]! - (lr * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
    }
    return outs;
  },
};
