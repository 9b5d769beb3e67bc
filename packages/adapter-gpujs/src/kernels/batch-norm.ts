import { channelOf, channelSumKernels } from './channel-impl';
import { defineKernel } from './kernel';
import { prod } from './source';

/**
 * batchNorm (training): per-channel mean and biased variance (two passes), invStd, y, and the
 * running statistics moved by momentum (unbiased variance; the factor computed on the host).
 */
export const batchNormKernel = defineKernel({
  op: 'batchNorm',
  build({ engine, inputs, node }) {
    const size = prod(inputs[0]!.shape);
    const c = inputs[1]!.shape[0]!;
    const count = size / c;
    const { epsilon, momentum } = node.attrs;
    const unbias = count > 1 ? count / (count - 1) : 1;
    const sums = channelSumKernels(engine, 'batchNorm', c, count);
    const kInv = engine.kernel(
      'batchNorm',
      'function (v, eps) { const i = this.thread.x; return 1.0 / Math.sqrt(v[i] + eps); }',
      c,
    );
    const kY = engine.kernel(
      'batchNorm',
      `function (x, m, inv, s, b) { ${channelOf(c)} return (x[i] - m[ch]) * inv[ch] * s[ch] + b[ch]; }`,
      size,
    );
    const kMove = engine.kernel(
      'batchNorm',
      'function (r, stat, keep, take) { const i = this.thread.x; return keep * r[i] + take * stat[i]; }',
      c,
    );
    return async ([x, scale, bias, rm, rv]) => {
      const mean = await engine.call(sums.mean, [x!.buffer]);
      const variance = await engine.call(sums.variance, [x!.buffer, mean]);
      const invStd = await engine.call(kInv, [variance, epsilon]);
      const y = await engine.call(kY, [x!.buffer, mean, invStd, scale!.buffer, bias!.buffer]);
      const rmNew = await engine.call(kMove, [rm!.buffer, mean, 1 - momentum, momentum]);
      const rvNew = await engine.call(kMove, [rv!.buffer, variance, 1 - momentum, momentum * unbias]);
      engine.release(variance);
      return [y, mean, invStd, rmNew, rvNew];
    };
  },
});
