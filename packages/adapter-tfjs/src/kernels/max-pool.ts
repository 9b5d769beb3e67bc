import { defineKernel } from './kernel';
import { nanMaxPool } from './nan-max';

/**
 * maxPool: window maxima of NHWC x; tfjs skips out-of-range positions, i.e. pads with -infinity.
 * A window holding NaN pools to NaN (the engines' MaxPool skips it; see nan-max.ts).
 */
export const maxPoolKernel = defineKernel({
  op: 'maxPool',
  run: ([x], attrs, { tf }) => [nanMaxPool(tf, x!, attrs.poolSize, attrs.strides, attrs.padding)],
});
