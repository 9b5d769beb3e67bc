/**
 * Reference kernel for `conv2d` (NHWC, kernel [kh,kw,C,M], TensorFlow padding): im2col on chunks
 * of images, then one register-tiled matmul per chunk, written straight into y (NHWC rows);
 * grouped convolutions (groups > 1) by direct loops.
 */
import { windowGeometry } from '../impl/conv-geometry';
import { gemm } from '../impl/gemm';
import { groupedConvForward } from '../impl/grouped-conv';
import { im2col, imagesPerChunk } from '../impl/im2col';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The conv2d kernel config. */
export const conv2dKernel: KernelConfig<'conv2d'> = {
  op: 'conv2d',
  run([x, w], attrs, ctx) {
    const xd = floatData(x!, 'conv2d', ctx.node, 'x');
    const wd = floatData(w!, 'conv2d', ctx.node, 'w');
    const [kh, kw, , m] = w!.shape as [number, number, number, number];
    const g = windowGeometry('conv2d', ctx.node, x!.shape, [kh, kw], attrs.strides, attrs.padding);
    const patch = kh * kw * g.channels;
    const pixels = g.outH * g.outW;
    const y = allocFloat(ctx.precision, g.batch * pixels * m);
    if ((attrs.groups ?? 1) > 1) {
      groupedConvForward(xd, wd, g, m, attrs.groups!, y);
      return [floatTensor([g.batch, g.outH, g.outW, m], y)];
    }
    const chunk = imagesPerChunk(g);
    const cols = allocFloat(ctx.precision, chunk * pixels * patch);
    const strides = { aRow: patch, aCol: 1, bRow: m, bCol: 1 };
    for (let n0 = 0; n0 < g.batch; n0 += chunk) {
      const n1 = Math.min(g.batch, n0 + chunk);
      im2col(xd, g, n0, n1, cols);
      const rows = (n1 - n0) * pixels;
      gemm(rows, m, patch, cols, wd, strides, y.subarray(n0 * pixels * m, n1 * pixels * m), false);
    }
    return [floatTensor([g.batch, g.outH, g.outW, m], y)];
  },
};
