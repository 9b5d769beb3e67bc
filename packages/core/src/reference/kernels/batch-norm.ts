/**
 * Reference kernel for `batchNorm` (training mode): batch mean and biased variance per channel,
 * y = (x - mean) * invStd * scale + bias, and the running statistics moved towards the batch
 * ones by `momentum` (PyTorch's convention; the running variance takes the unbiased variance).
 */
import { channelMeanVar } from '../impl/channel-stats';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The batchNorm kernel config. */
export const batchNormKernel: KernelConfig<'batchNorm'> = {
  op: 'batchNorm',
  run([x, scale, bias, runningMean, runningVar], { epsilon, momentum }, ctx) {
    const op = 'batchNorm';
    const xd = floatData(x!, op, ctx.node, 'x');
    const s = floatData(scale!, op, ctx.node, 'scale');
    const b = floatData(bias!, op, ctx.node, 'bias');
    const rm = floatData(runningMean!, op, ctx.node, 'runningMean');
    const rv = floatData(runningVar!, op, ctx.node, 'runningVar');
    const c = s.length;
    const { mean, variance, count } = channelMeanVar(xd, c);
    const y = allocFloat(ctx.precision, xd.length);
    const meanOut = allocFloat(ctx.precision, c);
    const invStd = allocFloat(ctx.precision, c);
    const rmOut = allocFloat(ctx.precision, c);
    const rvOut = allocFloat(ctx.precision, c);
    // A batch of one value per channel has no unbiased variance; PyTorch refuses it, we keep the biased one.
    const unbias = count > 1 ? count / (count - 1) : 1;
    const a = new Float64Array(c);
    const shift = new Float64Array(c);
    for (let ci = 0; ci < c; ci++) {
      const inv = 1 / Math.sqrt(variance[ci]! + epsilon);
      meanOut[ci] = mean[ci]!;
      invStd[ci] = inv;
      rmOut[ci] = (1 - momentum) * rm[ci]! + momentum * mean[ci]!;
      rvOut[ci] = (1 - momentum) * rv[ci]! + momentum * variance[ci]! * unbias;
      a[ci] = inv * s[ci]!;
      shift[ci] = b[ci]! - mean[ci]! * a[ci]!;
    }
    for (let i = 0; i < xd.length; i += c) {
      for (let ci = 0; ci < c; ci++) y[i + ci] = xd[i + ci]! * a[ci]! + shift[ci]!;
    }
    return [
      floatTensor([...x!.shape], y),
      floatTensor([c], meanOut),
      floatTensor([c], invStd),
      floatTensor([c], rmOut),
      floatTensor([c], rvOut),
    ];
  },
};
