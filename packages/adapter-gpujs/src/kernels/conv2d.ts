import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/**
 * conv2d as an implicit GEMM: y viewed as [N*OH*OW, M] = patches [N*OH*OW, KH*KW*C] x
 * w [KH*KW*C, M], the patch matrix never materialised. One output per thread; neighbouring
 * threads take neighbouring output channels m, so w reads are contiguous across threads and the
 * inner C loop reads x contiguously (NHWC). Grouped: output channel om reads only the C/groups
 * input channels of its group (kernel [kh, kw, C/groups, M]).
 */
export const conv2dKernel = defineKernel({
  op: 'conv2d',
  build({ engine, inputs, outputs, node }) {
    const [, h, w, c] = inputs[0]!.shape as [number, number, number, number];
    const [kh, kw, cg, m] = inputs[1]!.shape as [number, number, number, number];
    const mg = m / (node.attrs.groups ?? 1);
    const [n, oh, ow] = outputs[0]!.shape as [number, number, number, number];
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, kh, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, kw, sw, node.attrs.padding, 1).padBefore;
    const src = `function (x, f) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['oy', oh],
    ['ox', ow],
    ['om', m],
  ])}
  const gc = Math.floor(om / ${mg}) * ${cg};
  let s = 0.0;
  for (let ky = 0; ky < ${kh}; ky++) {
    const iy = oy * ${sh} - ${pt} + ky;
    if (iy >= 0 && iy < ${h}) {
      for (let kx = 0; kx < ${kw}; kx++) {
        const ix = ox * ${sw} - ${pl} + kx;
        if (ix >= 0 && ix < ${w}) {
          const xb = ((bn * ${h} + iy) * ${w} + ix) * ${c} + gc;
          const fb = (ky * ${kw} + kx) * ${cg * m} + om;
          for (let ic = 0; ic < ${cg}; ic++) {
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
