/**
 * im2col / col2im for NHWC convolutions. A patch row holds, for one output pixel, the input values
 * under the kernel in `[kh, kw, C]` order, which is exactly the row order of a conv kernel
 * `[kh, kw, C, M]` seen as a `[kh*kw*C, M]` matrix; so conv2d is `patches @ kernel`.
 */
import type { FloatArray } from '../ref-tensor';
import type { WindowGeometry } from './conv-geometry';

/** Elements of the patch buffer is kept under this (images are processed in chunks). */
export const IM2COL_CHUNK_ELEMENTS = 1 << 20;

/** How many images fit in one im2col chunk (at least one). */
export function imagesPerChunk(g: WindowGeometry): number {
  const perImage = g.outH * g.outW * g.kh * g.kw * g.channels;
  return Math.max(1, Math.min(g.batch, Math.floor(IM2COL_CHUNK_ELEMENTS / Math.max(perImage, 1))));
}

/** Writes the patch rows of images [n0, n1) of x into `cols` (zeros where the window hangs over padding). */
export function im2col(x: FloatArray, g: WindowGeometry, n0: number, n1: number, cols: FloatArray): void {
  const { inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = g;
  let o = 0;
  for (let n = n0; n < n1; n++) {
    const xImage = n * inH * inW * c;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * strideH - padTop + ky;
          if (iy < 0 || iy >= inH) {
            cols.fill(0, o, o + kw * c);
            o += kw * c;
            continue;
          }
          const xRow = xImage + iy * inW * c;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * strideW - padLeft + kx;
            if (ix < 0 || ix >= inW) {
              cols.fill(0, o, o + c);
            } else {
              const src = xRow + ix * c;
              for (let ci = 0; ci < c; ci++) cols[o + ci] = x[src + ci]!;
            }
            o += c;
          }
        }
      }
    }
  }
}

/** Adds patch-row gradients `dcols` of images [n0, n1) back into `dx` (the adjoint of im2col). */
export function col2imAdd(
  dcols: FloatArray,
  g: WindowGeometry,
  n0: number,
  n1: number,
  dx: FloatArray,
): void {
  const { inH, inW, channels: c, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = g;
  let o = 0;
  for (let n = n0; n < n1; n++) {
    const xImage = n * inH * inW * c;
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * strideH - padTop + ky;
          if (iy < 0 || iy >= inH) {
            o += kw * c;
            continue;
          }
          const xRow = xImage + iy * inW * c;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * strideW - padLeft + kx;
            if (ix >= 0 && ix < inW) {
              const dst = xRow + ix * c;
              for (let ci = 0; ci < c; ci++) dx[dst + ci] += dcols[o + ci]!;
            }
            o += c;
          }
        }
      }
    }
  }
}
