/**
 * Reference kernel for `conv2dGradFilter`: dw = patches^T @ dy, patches read transposed in place,
 * accumulated over chunks of images; grouped convolutions by direct loops.
 */
import { windowGeometry } from '../impl/conv-geometry';
import { gemm } from '../impl/gemm';
import { groupedConvGradFilter } from '../impl/grouped-conv';
import { im2col, imagesPerChunk } from '../impl/im2col';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The conv2dGradFilter kernel config. */
export const conv2dGradFilterKernel: KernelConfig<'conv2dGradFilter'> = {
  op: 'conv2dGradFilter',
  run([x, dy], attrs, ctx) {
    const xd = floatData(x!, 'conv2dGradFilter', ctx.node, 'x');
    const dyd = floatData(dy!, 'conv2dGradFilter', ctx.node, 'dy');
    const [kh, kw, c, m] = attrs.filterShape;
    const g = windowGeometry('conv2dGradFilter', ctx.node, x!.shape, [kh, kw], attrs.strides, attrs.padding);
    const patch = kh * kw * c;
    const pixels = g.outH * g.outW;
    const dw = allocFloat(ctx.precision, patch * m);
    if ((attrs.groups ?? 1) > 1) {
      groupedConvGradFilter(xd, dyd, g, m, attrs.groups!, dw);
      return [floatTensor([kh, kw, c, m], dw)];
    }
    const chunk = imagesPerChunk(g);
    const cols = allocFloat(ctx.precision, chunk * pixels * patch);
    // A(i = patch index, k = pixel row) = cols[k * patch + i]
    const strides = { aRow: 1, aCol: patch, bRow: m, bCol: 1 };
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const n1 = Math.min(g.batch, n0 + chunk);
      im2col(xd, g, n0, n1, cols);
      const rows = (n1 - n0) * pixels;
      gemm(patch, m, rows, cols, dyd.subarray(n0 * pixels * m, n1 * pixels * m), strides, dw, n0 > 0);
    }
    return [floatTensor([kh, kw, c, m], dw)];
  },
};
