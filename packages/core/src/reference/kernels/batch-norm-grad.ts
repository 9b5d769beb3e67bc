/**
 * Reference kernel for `batchNormGrad`: with xhat = (x - mean) * invStd and sums over every axis
 * but the last, dbias = sum dy, dscale = sum dy * xhat and
 * dx = scale * invStd * (dy - dbias / count - xhat * dscale / count).
 */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The batchNormGrad kernel config. */
export const batchNormGradKernel: KernelConfig<'batchNormGrad'> = {
  op: 'batchNormGrad',
  run([dy, x, scale, mean, invStd], _attrs, ctx) {
    const op = 'batchNormGrad';
    const g = floatData(dy!, op, ctx.node, 'dy');
    const xd = floatData(x!, op, ctx.node, 'x');
    const s = floatData(scale!, op, ctx.node, 'scale');
    const m = floatData(mean!, op, ctx.node, 'mean');
    const inv = floatData(invStd!, op, ctx.node, 'invStd');
    const c = s.length;
    const count = xd.length / c;
    const sumDy = new Float64Array(c);
    const sumDyXhat = new Float64Array(c);
    for (let i = 0; i < xd.length; i += c) {
      for (let ci = 0; ci < c; ci++) {
        const d = g[i + ci]!;
        sumDy[ci] += d;
        sumDyXhat[ci] += d * (xd[i + ci]! - m[ci]!) * inv[ci]!;
      }
    }
    const dx = allocFloat(ctx.precision, xd.length);
    for (let i = 0; i < xd.length; i += c) {
      for (let ci = 0; ci < c; ci++) {
        const xhat = (xd[i + ci]! - m[ci]!) * inv[ci]!;
        dx[i + ci] = s[ci]! * inv[ci]! * (g[i + ci]! - sumDy[ci]! / count - (xhat * sumDyXhat[ci]!) / count);
      }
    }
    const dscale = allocFloat(ctx.precision, c);
    const dbias = allocFloat(ctx.precision, c);
    dscale.set(sumDyXhat);
    dbias.set(sumDy);
    return [floatTensor([...x!.shape], dx), floatTensor([c], dscale), floatTensor([c], dbias)];
  },
};
