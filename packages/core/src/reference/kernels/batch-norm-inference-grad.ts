/** Reference kernel for `batchNormInferenceGrad`: dx = dy * scale / sqrt(var + epsilon) per channel. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The batchNormInferenceGrad kernel config. */
export const batchNormInferenceGradKernel: KernelConfig<'batchNormInferenceGrad'> = {
  op: 'batchNormInferenceGrad',
  run([dy, scale, variance], { epsilon }, ctx) {
    const op = 'batchNormInferenceGrad';
    const g = floatData(dy!, op, ctx.node, 'dy');
    const s = floatData(scale!, op, ctx.node, 'scale');
    const v = floatData(variance!, op, ctx.node, 'var');
    const c = s.length;
    const a = new Float64Array(c);
    for (let ci = 0; ci < c; ci++) a[ci] = s[ci]! / Math.sqrt(v[ci]! + epsilon);
    const dx = allocFloat(ctx.precision, g.length);
    for (let i = 0; i < g.length; i += c) for (let ci = 0; ci < c; ci++) dx[i + ci] = g[i + ci]! * a[ci]!;
    return [floatTensor([...dy!.shape], dx)];
  },
};
