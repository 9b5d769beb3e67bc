/**
 * Reference kernel for `avgPool` (NHWC): the mean of each window's real positions (padding is
 * left out of the count, as TensorFlow's "same" and ONNX's count_include_pad = 0 do).
 */
import { windowGeometry } from '../impl/conv-geometry';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The avgPool kernel config. */
export const avgPoolKernel: KernelConfig<'avgPool'> = {
  op: 'avgPool',
  run([x], attrs, ctx) {
    const xd = floatData(x!, 'avgPool', ctx.node, 'x');
    const g = windowGeometry('avgPool', ctx.node, x!.shape, attrs.poolSize, attrs.strides, attrs.padding);
    const { batch, inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = g;
    const y = allocFloat(ctx.precision, batch * outH * outW * c);
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
              for (let ci = 0; ci < c; ci++) y[o + ci] += xd[src + ci]!;
            }
          }
          const count = (y1 - y0) * (x1 - x0);
          for (let ci = 0; ci < c; ci++) y[o + ci] /= count;
          o += c;
        }
      }
    }
    return [floatTensor([batch, outH, outW, c], y)];
  },
};
