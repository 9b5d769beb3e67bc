import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TfTensor } from '../tf-types';
import { defineKernel } from './kernel';
import { maxPoolGradFirstMax } from './max-pool-grad-first-max';
import { nanAsLargest } from './nan-max';

/**
 * maxPoolGrad: routes each dy element to its window's first maximum in x (row-major window
 * order; the first NaN counts as the maximum). Uses the engine's MaxPoolGrad kernel where a check at engine load showed it follows
 * that tie rule (tfjs-cpu), and the composite of `maxPoolGradFirstMax` elsewhere.
 */
export const maxPoolGradKernel = defineKernel({
  op: 'maxPoolGrad',
  run: ([dy, xIn], attrs, { tf, features }) => {
    // The first NaN of a window takes the gradient: route on x with NaN as the largest value.
    const x = nanAsLargest(tf, xIn!);
    if (!features.maxPoolGradFirstMax) {
      return [maxPoolGradFirstMax(tf, dy!, x, attrs.poolSize, attrs.strides, attrs.padding)];
    }
    const y = tf.maxPool(x as Tensor4D, attrs.poolSize, attrs.strides, attrs.padding);
    const out = tf.engine().runKernel('MaxPoolGrad', { dy: dy!, input: x, output: y }, {
      filterSize: attrs.poolSize,
      strides: attrs.strides,
      pad: attrs.padding,
      dimRoundingMode: undefined,
    } as unknown as Record<string, never>);
    return [out as TfTensor];
  },
});
