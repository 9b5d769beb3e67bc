/**
 * Reference kernel for `maxPool` (NHWC). Positions over "same" padding count as -infinity, i.e.
 * they are skipped; every window holds at least one real element under TensorFlow's padding.
 */
import { windowGeometry } from '../impl/conv-geometry';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The maxPool kernel config. */
export const maxPoolKernel: KernelConfig<'maxPool'> = {
  op: 'maxPool',
  run([x], attrs, ctx) {
    const xd = floatData(x!, 'maxPool', ctx.node, 'x');
    const g = windowGeometry('maxPool', ctx.node, x!.shape, attrs.poolSize, attrs.strides, attrs.padding);
    const { batch, inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = g;
    const y = allocFloat(ctx.precision, batch * outH * outW * c);
    y.fill(Number.NEGATIVE_INFINITY);
    let o = 0;
    for (let n = 0; n < batch; n++) {
      const xImage = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) {
        const y0 = Math.max(0, oy * strideH - padTop);
        const y1 = Math.min(inH, oy * strideH - padTop + kh);
        for (let ox = 0; ox < outW; ox++) {
          const x0 = Math.max(0, ox * strideW - padLeft);
          const x1 = Math.min(inW, ox * strideW - padLeft + kw);
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const src = xImage + (iy * inW + ix) * c;
              for (let ci = 0; ci < c; ci++) {
                const v = xd[src + ci]!;
                // NaN wins (and stays): a window holding NaN pools to NaN, as in PyTorch.
                if (v > y[o + ci]! || Number.isNaN(v)) y[o + ci] = v;
              }
            }
          }
          o += c;
        }
      }
    }
    return [floatTensor([batch, outH, outW, c], y)];
  },
};
