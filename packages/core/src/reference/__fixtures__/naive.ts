/**
 * Naive float64 implementations of the window and matrix ops, written for clarity (direct loops,
 * explicit padding), against which the fast reference kernels are tested.
 */
import { convOutputSize } from '../../ir/ops';
import type { Padding } from '../../ir/ops';

/** y = op(a) @ op(b) by the definition. */
export function naiveMatmul(
  a: ArrayLike<number>,
  as: number[],
  b: ArrayLike<number>,
  bs: number[],
  tA: boolean,
  tB: boolean,
): Float64Array {
  const A = (i: number, k: number) => (tA ? a[k * as[1]! + i]! : a[i * as[1]! + k]!);
  const B = (k: number, j: number) => (tB ? b[j * bs[1]! + k]! : b[k * bs[1]! + j]!);
  const m = tA ? as[1]! : as[0]!;
  const k = tA ? as[0]! : as[1]!;
  const n = tB ? bs[0]! : bs[1]!;
  const y = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A(i, p) * B(p, j);
      y[i * n + j] = s;
    }
  return y;
}

interface Win {
  oh: number;
  ow: number;
  pt: number;
  pl: number;
}
function win(h: number, w: number, kh: number, kw: number, st: [number, number], pad: Padding): Win {
  const r = convOutputSize(h, kh, st[0], pad);
  const c = convOutputSize(w, kw, st[1], pad);
  return { oh: r.out, ow: c.out, pt: r.padBefore, pl: c.padBefore };
}

/** conv2d NHWC by the definition (zero padding). */
export function naiveConv2d(
  x: ArrayLike<number>,
  xs: number[],
  w: ArrayLike<number>,
  ws: number[],
  st: [number, number],
  pad: Padding,
) {
  const [n, h, wd, c] = xs as [number, number, number, number];
  const [kh, kw, , m] = ws as [number, number, number, number];
  const { oh, ow, pt, pl } = win(h, wd, kh, kw, st, pad);
  const y = new Float64Array(n * oh * ow * m);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let f = 0; f < m; f++) {
          let s = 0;
          for (let ky = 0; ky < kh; ky++)
            for (let kx = 0; kx < kw; kx++) {
              const iy = oy * st[0] - pt + ky;
              const ix = ox * st[1] - pl + kx;
              if (iy < 0 || iy >= h || ix < 0 || ix >= wd) continue;
              for (let ci = 0; ci < c; ci++)
                s += x[((b * h + iy) * wd + ix) * c + ci]! * w[((ky * kw + kx) * c + ci) * m + f]!;
            }
          y[((b * oh + oy) * ow + ox) * m + f] = s;
        }
  return { y, shape: [n, oh, ow, m] };
}

/** maxPool NHWC by the definition: padding counts as -infinity; returns values and first-argmax flat indices. */
export function naiveMaxPool(
  x: ArrayLike<number>,
  xs: number[],
  k: [number, number],
  st: [number, number],
  pad: Padding,
) {
  const [n, h, wd, c] = xs as [number, number, number, number];
  const { oh, ow, pt, pl } = win(h, wd, k[0], k[1], st, pad);
  const y = new Float64Array(n * oh * ow * c);
  const arg = new Int32Array(n * oh * ow * c);
  for (let b = 0; b < n; b++)
    for (let oy = 0; oy < oh; oy++)
      for (let ox = 0; ox < ow; ox++)
        for (let ci = 0; ci < c; ci++) {
          let best = Number.NEGATIVE_INFINITY;
          let at = -1;
          for (let ky = 0; ky < k[0]; ky++)
            for (let kx = 0; kx < k[1]; kx++) {
              const iy = oy * st[0] - pt + ky;
              const ix = ox * st[1] - pl + kx;
              const v =
                iy < 0 || iy >= h || ix < 0 || ix >= wd
                  ? Number.NEGATIVE_INFINITY
                  : x[((b * h + iy) * wd + ix) * c + ci]!;
              if (at < 0 || v > best) {
                best = v;
                at = iy < 0 || iy >= h || ix < 0 || ix >= wd ? -1 : ((b * h + iy) * wd + ix) * c + ci;
              }
            }
          const o = ((b * oh + oy) * ow + ox) * c + ci;
          y[o] = best;
          arg[o] = at;
        }
  return { y, arg, shape: [n, oh, ow, c] };
}

/** Sum over axes by decoding every flat index. */
export function naiveReduceSum(x: ArrayLike<number>, xs: number[], axes: number[]) {
  const outShape = xs.filter((_, i) => !axes.includes(i));
  const y = new Float64Array(outShape.reduce((p, d) => p * d, 1));
  for (let e = 0; e < x.length; e++) {
    let rem = e;
    const idx: number[] = new Array(xs.length);
    for (let d = xs.length - 1; d >= 0; d--) {
      idx[d] = rem % xs[d]!;
      rem = Math.floor(rem / xs[d]!);
    }
    let o = 0;
    xs.forEach((dim, d) => {
      if (!axes.includes(d)) o = o * dim + idx[d]!;
    });
    y[o] += x[e]!;
  }
  return { y, shape: outShape };
}
