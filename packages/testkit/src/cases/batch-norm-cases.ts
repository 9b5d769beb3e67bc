/**
 * Cases of the batch-norm ops on [N, F] and NHWC inputs (every channel sees at least two values,
 * so batch variances are never zero): training batchNorm with its running-statistics update, its
 * gradient (from the real batch mean and invStd), eval-mode batchNormInference and its gradient.
 */
import type { Rng } from '@bench/core';
import type { HostTensor } from '@bench/core';
import { batchOf, between, dims, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

function bnShape(rng: Rng, index: number): number[] {
  const n = batchOf(rng, index);
  return index % 2 === 0
    ? [n, between(rng, 1, 4), between(rng, 2, 4), between(rng, 1, 5)]
    : [Math.max(n, 2), between(rng, 1, 9)];
}

function channelVectors(rng: Rng, c: number) {
  return {
    scale: uniform(rng, [c], 0.5, 1.5),
    bias: uniform(rng, [c], -1, 1),
    mean: uniform(rng, [c], -0.5, 0.5),
    variance: uniform(rng, [c], 0.5, 2),
  };
}

const attrs = { epsilon: 1e-5, momentum: 0.1 };

/** batchNorm (training): y, batch mean, invStd and the updated running statistics. */
export const batchNormCases: CaseGenerator = (rng, index) => {
  const shape = bnShape(rng, index);
  const c = shape[shape.length - 1]!;
  const x = uniform(rng, shape, -2, 2);
  const v = channelVectors(rng, c);
  return singleOpCase('batchNorm', `x${dims(shape)}`, [x, v.scale, v.bias, v.mean, v.variance], attrs, ['x']);
};

/** Per-channel mean and 1/sqrt(var + eps) of x, as the forward op saves them (float64, then float32). */
function savedStats(x: HostTensor<'float32'>, c: number): [HostTensor<'float32'>, HostTensor<'float32'>] {
  const count = x.data.length / c;
  const mean = new Float64Array(c);
  const sq = new Float64Array(c);
  for (let i = 0; i < x.data.length; i++) mean[i % c] += x.data[i]! / count;
  for (let i = 0; i < x.data.length; i++) sq[i % c] += (x.data[i]! - mean[i % c]!) ** 2 / count;
  const inv = Float32Array.from(sq, (v) => 1 / Math.sqrt(v + attrs.epsilon));
  return [
    { dtype: 'float32', shape: [c], data: Float32Array.from(mean) },
    { dtype: 'float32', shape: [c], data: inv },
  ];
}

/** batchNormGrad from dy, x, scale and x's own batch statistics. */
export const batchNormGradCases: CaseGenerator = (rng, index) => {
  const shape = bnShape(rng, index);
  const c = shape[shape.length - 1]!;
  const dy = uniform(rng, shape);
  const x = uniform(rng, shape, -2, 2);
  const { scale } = channelVectors(rng, c);
  const [mean, invStd] = savedStats(x, c);
  return singleOpCase('batchNormGrad', `x${dims(shape)}`, [dy, x, scale, mean, invStd], {}, ['dy', 'x']);
};

/** batchNormInference from given (running) statistics. */
export const batchNormInferenceCases: CaseGenerator = (rng, index) => {
  const shape = bnShape(rng, index);
  const c = shape[shape.length - 1]!;
  const v = channelVectors(rng, c);
  const x = uniform(rng, shape, -2, 2);
  return singleOpCase(
    'batchNormInference',
    `x${dims(shape)}`,
    [x, v.scale, v.bias, v.mean, v.variance],
    { epsilon: 1e-3 },
    ['x'],
  );
};

/** batchNormInferenceGrad: dy scaled per channel. */
export const batchNormInferenceGradCases: CaseGenerator = (rng, index) => {
  const shape = bnShape(rng, index);
  const c = shape[shape.length - 1]!;
  const v = channelVectors(rng, c);
  return singleOpCase(
    'batchNormInferenceGrad',
    `dy${dims(shape)}`,
    [uniform(rng, shape), v.scale, v.variance],
    { epsilon: 1e-3 },
    ['dy'],
  );
};
