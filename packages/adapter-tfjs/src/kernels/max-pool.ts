import { defineKernel } from './kernel';
import { nanMaxPool } from './nan-max';
import { padNhwc, pads2d, tfPadding } from './window-pads';

/**
 * maxPool: window maxima of NHWC x; tfjs skips out-of-range positions, i.e. pads with -infinity;
 * explicit pads pad x with -infinity first. A window holding NaN pools to NaN (the engines'
 * MaxPool skips it; see nan-max.ts).
 */
export const maxPoolKernel = defineKernel({
  op: 'maxPool',
  run: ([x], attrs, { tf }) => {
    const pad = tfPadding(attrs.padding);
    if (pad !== null) return [nanMaxPool(tf, x!, attrs.poolSize, attrs.strides, pad)];
    const [, h, w] = x!.shape as number[];
    const p = pads2d(h!, w!, attrs.poolSize[0], attrs.poolSize[1], attrs.strides, attrs.padding);
    const xp = padNhwc(tf, x!, p, Number.NEGATIVE_INFINITY);
    return [nanMaxPool(tf, xp, attrs.poolSize, attrs.strides, 'valid')];
  },
});
