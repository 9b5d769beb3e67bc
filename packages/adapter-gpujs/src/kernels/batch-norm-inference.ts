import { channelOf } from './channel-impl';
import { defineKernel } from './kernel';
import { prod } from './source';

/** batchNormInference: y = (x - mean) / sqrt(var + epsilon) * scale + bias, per channel. */
export const batchNormInferenceKernel = defineKernel({
  op: 'batchNormInference',
  build({ engine, inputs, node }) {
    const c = inputs[1]!.shape[0]!;
    const k = engine.kernel(
      'batchNormInference',
      `function (x, s, b, m, v, eps) { ${channelOf(c)} return (x[i] - m[ch]) / Math.sqrt(v[ch] + eps) * s[ch] + b[ch]; }`,
      prod(inputs[0]!.shape),
    );
    return async ([x, s, b, m, v]) => [
      await engine.call(k, [x!.buffer, s!.buffer, b!.buffer, m!.buffer, v!.buffer, node.attrs.epsilon]),
    ];
  },
});
