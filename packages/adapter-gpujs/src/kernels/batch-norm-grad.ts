import { channelOf, channelSumKernels } from './channel-impl';
import { defineKernel } from './kernel';
import { prod } from './source';

/**
 * batchNormGrad: dbias = sum dy, dscale = sum dy * xhat per channel, then
 * dx = scale * invStd * (dy - dbias / count - xhat * dscale / count) per element.
 */
export const batchNormGradKernel = defineKernel({
  op: 'batchNormGrad',
  build({ engine, inputs }) {
    const size = prod(inputs[1]!.shape);
    const c = inputs[2]!.shape[0]!;
    const count = size / c;
    const sums = channelSumKernels(engine, 'batchNormGrad', c, count);
    const kDx = engine.kernel(
      'batchNormGrad',
      `function (dy, x, s, m, inv, db, ds) { ${channelOf(c)} const xhat = (x[i] - m[ch]) * inv[ch]; return s[ch] * inv[ch] * (dy[i] - db[ch] / ${count}.0 - xhat * ds[ch] / ${count}.0); }`,
      size,
    );
    return async ([dy, x, scale, mean, invStd]) => {
      const dbias = await engine.call(sums.sum, [dy!.buffer]);
      const dscale = await engine.call(sums.sumXhat, [dy!.buffer, x!.buffer, mean!.buffer, invStd!.buffer]);
      const dx = await engine.call(kDx, [
        dy!.buffer,
        x!.buffer,
        scale!.buffer,
        mean!.buffer,
        invStd!.buffer,
        dbias,
        dscale,
      ]);
      return [dx, dscale, dbias];
    };
  },
});
