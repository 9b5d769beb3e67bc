/**
 * Reference kernel for `avgPoolGrad`: each dy element divided by its window's count of real
 * positions and added to each of them; overlapping windows add up.
 */
import { windowGeometry } from '../impl/conv-geometry';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The avgPoolGrad kernel config. */
export const avgPoolGradKernel: KernelConfig<'avgPoolGrad'> = {
  op: 'avgPoolGrad',
  run([dy], attrs, ctx) {
    const g = floatData(dy!, 'avgPoolGrad', ctx.node, 'dy');
    const shape = [dy!.shape[0]!, ...attrs.inputShape];
    const geo = windowGeometry('avgPoolGrad', ctx.node, shape, attrs.poolSize, attrs.strides, attrs.padding);
    const { batch, inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = geo;
    const dx = allocFloat(ctx.precision, batch * inH * inW * c);
    let o = 0;
    for (let n = 0; n < batch; n++) {
      const xImage = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) {
        const y0 = Math.max(0, oy * strideH - padTop);
        const y1 = Math.min(inH, oy * strideH - padTop + kh);
        for (let ox = 0; ox < outW; ox++) {
          const x0 = Math.max(0, ox * strideW - padLeft);
          const x1 = Math.min(inW, ox * strideW - padLeft + kw);
          const scale = 1 / ((y1 - y0) * (x1 - x0));
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const dst = xImage + (iy * inW + ix) * c;
              for (let ci = 0; ci < c; ci++) dx[dst + ci] += g[o + ci]! * scale;
            }
          }
          o += c;
        }
      }
    }
    return [floatTensor(shape, dx)];
  },
};
