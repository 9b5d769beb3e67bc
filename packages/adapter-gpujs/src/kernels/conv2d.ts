import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/**
 * conv2d as an implicit GEMM: y viewed as [N*OH*OW, M] = patches [N*OH*OW, KH*KW*C] x
 * w [KH*KW*C, M], the patch matrix never materialised. One output per thread; neighbouring
 * threads take neighbouring output channels m, so w reads are contiguous across threads and the
 * inner C loop reads x contiguously (NHWC).
 */
export const conv2dKernel = defineKernel({
  op: 'conv2d',
  build({ engine, inputs, outputs, node }) {
    const [, h, w, c] = inputs[0]!.shape as [number, number, number, number];
    const [kh, kw, , m] = inputs[1]!.shape as [number, number, number, number];
    const [n, oh, ow] = outputs[0]!.shape as [number, number, number, number];
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, kh, sh, node.attrs.padding).padBefore;
    const pl = convOutputSize(w, kw, sw, node.attrs.padding).padBefore;
    const src = `function (x, f) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['oy', oh],
    ['ox', ow],
    ['om', m],
  ])}
  let s = 0.0;
  for (let ky = 0; ky < ${kh}; ky++) {
    const iy = oy * ${sh} - ${pt} + ky;
    if (iy >= 0 && iy < ${h}) {
      for (let kx = 0; kx < ${kw}; kx++) {
        const ix = ox * ${sw} - ${pl} + kx;
        if (ix >= 0 && ix < ${w}) {
          const xb = ((bn * ${h} + iy) * ${w} + ix) * ${c};
          const fb = (ky * ${kw} + kx) * ${c * m} + om;
          for (let ic = 0; ic < ${c}; ic++) {
            s += x[xb + ic] * f[fb + ic * ${m}];
          }
        }
      }
    }
  }
  return s;
}`;
    const k = engine.kernel('conv2d', src, n * oh * ow * m);
    return async ([x, f]) => [await engine.call(k, [x!.buffer, f!.buffer])];
  },
});
