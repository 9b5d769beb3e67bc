/**
 * Reference kernel for `maxPoolGrad`: each dy element goes to the first maximum (row-major window
 * order) of its window in x; overlapping windows add up.
 */
import { windowGeometry } from '../impl/conv-geometry';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The maxPoolGrad kernel config. */
export const maxPoolGradKernel: KernelConfig<'maxPoolGrad'> = {
  op: 'maxPoolGrad',
  run([dy, x], attrs, ctx) {
    const g = floatData(dy!, 'maxPoolGrad', ctx.node, 'dy');
    const xd = floatData(x!, 'maxPoolGrad', ctx.node, 'x');
    const geo = windowGeometry(
      'maxPoolGrad',
      ctx.node,
      x!.shape,
      attrs.poolSize,
      attrs.strides,
      attrs.padding,
    );
    const { batch, inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = geo;
    const dx = allocFloat(ctx.precision, xd.length);
    const best = new Float64Array(c);
    const where = new Int32Array(c);
    let o = 0;
    for (let n = 0; n < batch; n++) {
      const xImage = n * inH * inW * c;
      for (let oy = 0; oy < outH; oy++) {
        const y0 = Math.max(0, oy * strideH - padTop);
        const y1 = Math.min(inH, oy * strideH - padTop + kh);
        for (let ox = 0; ox < outW; ox++) {
          const x0 = Math.max(0, ox * strideW - padLeft);
          const x1 = Math.min(inW, ox * strideW - padLeft + kw);
          best.fill(Number.NEGATIVE_INFINITY);
          const first = xImage + (y0 * inW + x0) * c;
          for (let ci = 0; ci < c; ci++) where[ci] = first + ci;
          for (let iy = y0; iy < y1; iy++) {
            for (let ix = x0; ix < x1; ix++) {
              const src = xImage + (iy * inW + ix) * c;
              for (let ci = 0; ci < c; ci++) {
                const v = xd[src + ci]!;
                // The first NaN of the window takes the gradient, else the first maximum.
                if (v > best[ci]! || (Number.isNaN(v) && !Number.isNaN(best[ci]!))) {
                  best[ci] = v;
                  where[ci] = src + ci;
                }
              }
            }
          }
          for (let ci = 0; ci < c; ci++) dx[where[ci]!] += g[o + ci]!;
          o += c;
        }
      }
    }
    return [floatTensor([...x!.shape], dx)];
  },
};
