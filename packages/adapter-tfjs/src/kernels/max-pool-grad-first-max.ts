import { convOutputSize } from '@bench/core';
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';
import { legacyWasmGrads } from './legacy-wasm-grads';
import { oneHotFloat } from './one-hot';

/**
 * maxPoolGrad with the IR's tie rule (first maximum in row-major window order) built from plain
 * tfjs ops, for engines whose MaxPoolGrad kernel routes ties elsewhere (tfjs-wasm and
 * tfjs-webgpu 4.22 pick a later maximum). For each window offset (a, b), in row-major order, a
 * strided slice of x (padded with -infinity) is compared with the pooled maximum; the first
 * offset that matches takes dy. The per-offset contributions are scattered back with one
 * transposed convolution whose filter is one-hot per offset, then the padding is cropped.
 */
export function maxPoolGradFirstMax(
  tf: Tf,
  dy: TfTensor,
  x: TfTensor,
  poolSize: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): TfTensor {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw] = poolSize;
  const [sh, sw] = strides;
  if (kh * kw > 1 && sh === kh && sw === kw && h % kh === 0 && w % kw === 0 && !legacyWasmGrads())
    return tiledFirstMax(tf, dy, x, kh, kw, [n, h, w, c]);
  const ph = convOutputSize(h, kh, sh, padding, 0);
  const pw = convOutputSize(w, kw, sw, padding, 1);
  const oh = ph.out;
  const ow = pw.out;
  const hn = (oh - 1) * sh + kh;
  const wn = (ow - 1) * sw + kw;
  const xp = tf.pad(
    x,
    [
      [0, 0],
      [ph.padBefore, Math.max(0, hn - h - ph.padBefore)],
      [pw.padBefore, Math.max(0, wn - w - pw.padBefore)],
      [0, 0],
    ],
    Number.NEGATIVE_INFINITY,
  );
  const y = tf.maxPool(x as Tensor4D, poolSize, strides, padding);
  const zeros = tf.zerosLike(dy);
  let taken = tf.cast(tf.zerosLike(dy), 'bool');
  const parts: TfTensor[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const xs = tf.stridedSlice(
        xp,
        [0, a, b, 0],
        [n, a + (oh - 1) * sh + 1, b + (ow - 1) * sw + 1, c],
        [1, sh, sw, 1],
      );
      const first = tf.logicalAnd(tf.equal(xs, y), tf.logicalNot(taken));
      taken = tf.logicalOr(taken, first);
      parts.push(tf.where(first, dy, zeros));
    }
  }
  const k = kh * kw;
  // [n, oh, ow, c, k] -> [n*c, oh, ow, k]: channels become batch so one filter serves them all.
  const stacked = tf.reshape(tf.transpose(tf.stack(parts, 4), [0, 3, 1, 2, 4]), [
    n * c,
    oh,
    ow,
    k,
  ]) as Tensor4D;
  const filter = new Float32Array(kh * kw * k);
  for (let i = 0; i < k; i++) filter[i * k + i] = 1; // filter[a][b][0][a*kw+b] = 1
  const f = tf.tensor4d(filter, [kh, kw, 1, k]);
  const scattered = tf.conv2dTranspose(stacked, f, [n * c, hn, wn, 1], strides, 'valid');
  const full = tf.pad(scattered, [
    [0, 0],
    [0, Math.max(0, ph.padBefore + h - hn)],
    [0, Math.max(0, pw.padBefore + w - wn)],
    [0, 0],
  ]);
  const cropped = tf.slice(full, [0, ph.padBefore, pw.padBefore, 0], [n * c, h, w, 1]);
  return tf.transpose(tf.reshape(cropped, [n, c, h, w]), [0, 2, 3, 1]);
}

/**
 * Non-overlapping windows that tile x exactly (stride = pool size, H and W multiples of it; "same"
 * then pads nothing): x viewed as [N, OH, kh, OW, kw, C] puts each window on its own axes, so
 * one transpose, one argMax (the first maximum, like the IR) and a one-hot do what the general
 * path needs kh*kw strided slices, a stack and a transposed convolution for. Measured on the E4
 * CNN (tfjs-wasm, 2x2 pools): see the adapter README.
 */
function tiledFirstMax(
  tf: Tf,
  dy: TfTensor,
  x: TfTensor,
  kh: number,
  kw: number,
  [n, h, w, c]: [number, number, number, number],
): TfTensor {
  const oh = h / kh;
  const ow = w / kw;
  const k = kh * kw;
  const windows = tf.reshape(tf.transpose(tf.reshape(x, [n, oh, kh, ow, kw, c]), [0, 1, 3, 5, 2, 4]), [
    n,
    oh,
    ow,
    c,
    k,
  ]);
  const first = oneHotFloat(tf, tf.argMax(windows, 4), k);
  const routed = tf.mul(first, tf.reshape(dy, [n, oh, ow, c, 1]));
  return tf.reshape(tf.transpose(tf.reshape(routed, [n, oh, ow, c, kh, kw]), [0, 1, 4, 2, 5, 3]), [
    n,
    h,
    w,
    c,
  ]);
}
