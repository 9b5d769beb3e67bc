import { channelOf } from './channel-impl';
import { defineKernel } from './kernel';
import { prod } from './source';

/** batchNormInferenceGrad: dx = dy * scale / sqrt(var + epsilon), per channel. */
export const batchNormInferenceGradKernel = defineKernel({
  op: 'batchNormInferenceGrad',
  build({ engine, inputs, node }) {
    const c = inputs[1]!.shape[0]!;
    const k = engine.kernel(
      'batchNormInferenceGrad',
      `function (dy, s, v, eps) { ${channelOf(c)} return dy[i] * s[ch] / Math.sqrt(v[ch] + eps); }`,
      prod(inputs[0]!.shape),
    );
    return async ([dy, s, v]) => [
      await engine.call(k, [dy!.buffer, s!.buffer, v!.buffer, node.attrs.epsilon]),
    ];
  },
});
