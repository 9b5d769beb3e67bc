/** Reference kernel for `batchNormInference`: y = (x - mean) / sqrt(var + epsilon) * scale + bias per channel. */
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The batchNormInference kernel config. */
export const batchNormInferenceKernel: KernelConfig<'batchNormInference'> = {
  op: 'batchNormInference',
  run([x, scale, bias, mean, variance], { epsilon }, ctx) {
    const op = 'batchNormInference';
    const xd = floatData(x!, op, ctx.node, 'x');
    const s = floatData(scale!, op, ctx.node, 'scale');
    const b = floatData(bias!, op, ctx.node, 'bias');
    const m = floatData(mean!, op, ctx.node, 'mean');
    const v = floatData(variance!, op, ctx.node, 'var');
    const c = s.length;
    const a = new Float64Array(c);
    const shift = new Float64Array(c);
    for (let ci = 0; ci < c; ci++) {
      a[ci] = s[ci]! / Math.sqrt(v[ci]! + epsilon);
      shift[ci] = b[ci]! - m[ci]! * a[ci]!;
    }
    const y = allocFloat(ctx.precision, xd.length);
    for (let i = 0; i < xd.length; i += c) {
      for (let ci = 0; ci < c; ci++) y[i + ci] = xd[i + ci]! * a[ci]! + shift[ci]!;
    }
    return [floatTensor([...x!.shape], y)];
  },
};
