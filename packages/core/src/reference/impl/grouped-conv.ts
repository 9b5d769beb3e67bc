/**
 * Direct (loop) grouped convolution and its two gradients, NHWC, kernel `[kh, kw, C/groups, M]`:
 * output channel `o` of group `g = floor(o / (M/groups))` sees only input channels
 * `[g * C/groups, (g + 1) * C/groups)`. Used by the conv kernels when groups > 1 (depthwise
 * convolutions have few multiply-adds per output, so im2col + gemm would not pay off).
 */
import type { FloatArray } from '../ref-tensor';
import type { WindowGeometry } from './conv-geometry';

/** Visits every (output pixel, kernel tap, input row offset) of a window geometry. */
function forEachTap(g: WindowGeometry, visit: (xPixel: number, yPixel: number, tap: number) => void): void {
  const { batch, inH, inW, kh, kw, strideH, strideW, outH, outW, padTop, padLeft } = g;
  let yPixel = 0;
  for (let n = 0; n < batch; n++) {
    for (let oy = 0; oy < outH; oy++) {
      for (let ox = 0; ox < outW; ox++, yPixel++) {
        for (let ky = 0; ky < kh; ky++) {
          const iy = oy * strideH - padTop + ky;
          if (iy < 0 || iy >= inH) continue;
          for (let kx = 0; kx < kw; kx++) {
            const ix = ox * strideW - padLeft + kx;
            if (ix < 0 || ix >= inW) continue;
            visit((n * inH + iy) * inW + ix, yPixel, ky * kw + kx);
          }
        }
      }
    }
  }
}

/** Channel bookkeeping of one grouped convolution. */
interface Groups {
  groups: number;
  c: number;
  m: number;
  cg: number;
  mg: number;
}

function groupsOf(c: number, m: number, groups: number): Groups {
  return { groups, c, m, cg: c / groups, mg: m / groups };
}

/** y [N,OH,OW,M] += grouped conv of x with w. */
export function groupedConvForward(
  x: FloatArray,
  w: FloatArray,
  g: WindowGeometry,
  m: number,
  groups: number,
  y: FloatArray,
): void {
  const { c, cg, mg } = groupsOf(g.channels, m, groups);
  forEachTap(g, (xp, yp, tap) => {
    const xo = xp * c;
    const yo = yp * m;
    const wTap = tap * cg * m;
    for (let gi = 0; gi < groups; gi++) {
      for (let ci = 0; ci < cg; ci++) {
        const xv = x[xo + gi * cg + ci]!;
        const wo = wTap + ci * m + gi * mg;
        const yg = yo + gi * mg;
        for (let j = 0; j < mg; j++) y[yg + j] += xv * w[wo + j]!;
      }
    }
  });
}

/** dx [N,H,W,C] += the input gradient of a grouped conv, from dy and w. */
export function groupedConvGradInput(
  dy: FloatArray,
  w: FloatArray,
  g: WindowGeometry,
  m: number,
  groups: number,
  dx: FloatArray,
): void {
  const { c, cg, mg } = groupsOf(g.channels, m, groups);
  forEachTap(g, (xp, yp, tap) => {
    const xo = xp * c;
    const yo = yp * m;
    const wTap = tap * cg * m;
    for (let gi = 0; gi < groups; gi++) {
      for (let ci = 0; ci < cg; ci++) {
        const wo = wTap + ci * m + gi * mg;
        const yg = yo + gi * mg;
        let s = 0;
        for (let j = 0; j < mg; j++) s += dy[yg + j]! * w[wo + j]!;
        dx[xo + gi * cg + ci] += s;
      }
    }
  });
}

/** dw [kh,kw,C/groups,M] += the filter gradient of a grouped conv, from x and dy. */
export function groupedConvGradFilter(
  x: FloatArray,
  dy: FloatArray,
  g: WindowGeometry,
  m: number,
  groups: number,
  dw: FloatArray,
): void {
  const { c, cg, mg } = groupsOf(g.channels, m, groups);
  forEachTap(g, (xp, yp, tap) => {
    const xo = xp * c;
    const yo = yp * m;
    const wTap = tap * cg * m;
    for (let gi = 0; gi < groups; gi++) {
      for (let ci = 0; ci < cg; ci++) {
        const xv = x[xo + gi * cg + ci]!;
        const wo = wTap + ci * m + gi * mg;
        const yg = yo + gi * mg;
        for (let j = 0; j < mg; j++) dw[wo + j] += xv * dy[yg + j]!;
      }
    }
  });
}
