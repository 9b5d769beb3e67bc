/**
 * Reference kernel for `conv2dGradInput`: patch gradients dy @ w^T (w read transposed in place),
 * scattered back with col2im, a chunk of images at a time; grouped convolutions by direct loops.
 */
import { windowGeometry } from '../impl/conv-geometry';
import { gemm } from '../impl/gemm';
import { groupedConvGradInput } from '../impl/grouped-conv';
import { col2imAdd, imagesPerChunk } from '../impl/im2col';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The conv2dGradInput kernel config. */
export const conv2dGradInputKernel: KernelConfig<'conv2dGradInput'> = {
  op: 'conv2dGradInput',
  run([dy, w], attrs, ctx) {
    const dyd = floatData(dy!, 'conv2dGradInput', ctx.node, 'dy');
    const wd = floatData(w!, 'conv2dGradInput', ctx.node, 'w');
    const [kh, kw, , m] = w!.shape as [number, number, number, number];
    const [h, wIn, c] = attrs.inputShape;
    const batch = dy!.shape[0]!;
    const g = windowGeometry(
      'conv2dGradInput',
      ctx.node,
      [batch, h, wIn, c],
      [kh, kw],
      attrs.strides,
      attrs.padding,
    );
    const patch = kh * kw * c;
    const pixels = g.outH * g.outW;
    const dx = allocFloat(ctx.precision, batch * h * wIn * c);
    if ((attrs.groups ?? 1) > 1) {
      groupedConvGradInput(dyd, wd, g, m, attrs.groups!, dx);
      return [floatTensor([batch, h, wIn, c], dx)];
    }
    const chunk = imagesPerChunk(g);
    const dcols = allocFloat(ctx.precision, chunk * pixels * patch);
    // B(k = out channel, j = patch index) = w[j * m + k]
    const strides = { aRow: m, aCol: 1, bRow: 1, bCol: m };
    for (let n0 = 0; n0 < batch; n0 += chunk) {
      const n1 = Math.min(batch, n0 + chunk);
      const rows = (n1 - n0) * pixels;
      gemm(rows, patch, m, dyd.subarray(n0 * pixels * m, n1 * pixels * m), wd, strides, dcols, false);
      col2imAdd(dcols, g, n0, n1, dx);
    }
    return [floatTensor([batch, h, wIn, c], dx)];
  },
};
