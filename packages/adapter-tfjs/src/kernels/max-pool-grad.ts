import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { TfTensor } from '../tf-types';
import { defineKernel } from './kernel';
import { maxPoolGradFirstMax } from './max-pool-grad-first-max';
import { nanAsLargest } from './nan-max';
import { cropNhwc, padNhwc, pads2d, tfPadding } from './window-pads';

/**
 * maxPoolGrad: routes each dy element to its window's first maximum in x (row-major window
 * order; the first NaN counts as the maximum). Uses the engine's MaxPoolGrad kernel where a check at engine load showed it follows
 * that tie rule (tfjs-cpu), and the composite of `maxPoolGradFirstMax` elsewhere.
 */
export const maxPoolGradKernel = defineKernel({
  op: 'maxPoolGrad',
  run: ([dy, xIn], attrs, { tf, features }) => {
    // The first NaN of a window takes the gradient: route on x with NaN as the largest value.
    let x = nanAsLargest(tf, xIn!);
    let pad = tfPadding(attrs.padding);
    const [, h, w] = x.shape as number[];
    const explicit =
      pad === null
        ? pads2d(h!, w!, attrs.poolSize[0], attrs.poolSize[1], attrs.strides, attrs.padding)
        : null;
    if (explicit) {
      // -infinity padding never wins a window (nanAsLargest maps -Inf in x to the lowest finite
      // float), so the padded positions get no gradient.
      x = padNhwc(tf, x, explicit, Number.NEGATIVE_INFINITY);
      pad = 'valid';
    }
    let dx: TfTensor;
    if (!features.maxPoolGradFirstMax) {
      dx = maxPoolGradFirstMax(tf, dy!, x, attrs.poolSize, attrs.strides, pad!);
    } else {
      const y = tf.maxPool(x as Tensor4D, attrs.poolSize, attrs.strides, pad!);
      dx = tf.engine().runKernel('MaxPoolGrad', { dy: dy!, input: x, output: y }, {
        filterSize: attrs.poolSize,
        strides: attrs.strides,
        pad,
        dimRoundingMode: undefined,
      } as unknown as Record<string, never>) as TfTensor;
    }
    return [explicit ? cropNhwc(tf, dx, explicit, h!, w!) : dx];
  },
});
