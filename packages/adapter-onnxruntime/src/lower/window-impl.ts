/**
 * Shared window arithmetic for Conv/ConvTranspose/MaxPool/AveragePool: TensorFlow "same"/"valid"
 * padding (or the IR's explicit pads) as ONNX pads, from the canonical (NHWC) input size.
 */
import { convOutputSize } from '@bench/core';
import type { Padding } from '@bench/core';

/** ONNX pads [hBegin, wBegin, hEnd, wEnd], output size and padding per spatial axis. */
export interface Window2d {
  pads: [number, number, number, number];
  out: [number, number];
}

/** Pads and output size of a kh x kw window with the given strides and padding over an H x W input. */
export function window2d(
  h: number,
  w: number,
  kh: number,
  kw: number,
  strides: readonly [number, number],
  padding: Padding,
): Window2d {
  const ch = convOutputSize(h, kh, strides[0], padding, 0);
  const cw = convOutputSize(w, kw, strides[1], padding, 1);
  return { pads: [ch.padBefore, cw.padBefore, ch.padAfter, cw.padAfter], out: [ch.out, cw.out] };
}

/** A JSON key for window attributes (memo keys). */
export function windowKey(attrs: object): string {
  return JSON.stringify(attrs);
}
