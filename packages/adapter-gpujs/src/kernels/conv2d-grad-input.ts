import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/**
 * conv2dGradInput as an implicit GEMM: dx viewed as [N*H*W, C] = dy-patches [N*H*W, KH*KW*M] x
 * w^T [KH*KW*M, C]. One input element per thread (a gather, no atomics); the inner loop runs over
 * output channels M, contiguous in both dy (NHWC) and w ([kh, kw, C, M]). Grouped: input channel
 * ic gathers only the M/groups output channels of its group.
 */
export const conv2dGradInputKernel = defineKernel({
  op: 'conv2dGradInput',
  build({ engine, inputs, outputs, node }) {
    const [, oh, ow, m] = inputs[0]!.shape as [number, number, number, number];
    const [kh, kw, cg] = inputs[1]!.shape as [number, number, number, number];
    const mg = m / (node.attrs.groups ?? 1);
    const [n, h, w, c] = outputs[0]!.shape as [number, number, number, number];
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, kh, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, kw, sw, node.attrs.padding, 1).padBefore;
    const divY = sh === 1 ? 'const oy = ty;' : `const oy = Math.floor(ty / ${sh});`;
    const okY = sh === 1 ? `oy < ${oh}` : `oy < ${oh} && ty - oy * ${sh} === 0`;
    const divX = sw === 1 ? 'const ox = tx;' : `const ox = Math.floor(tx / ${sw});`;
    const okX = sw === 1 ? `ox < ${ow}` : `ox < ${ow} && tx - ox * ${sw} === 0`;
    const src = `function (dy, f) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['iy', h],
    ['ix', w],
    ['ic', c],
  ])}
  const gi = Math.floor(ic / ${cg});
  const icl = ic - gi * ${cg};
  let s = 0.0;
  for (let ky = 0; ky < ${kh}; ky++) {
    const ty = iy + ${pt} - ky;
    if (ty >= 0) {
      ${divY}
      if (${okY}) {
        for (let kx = 0; kx < ${kw}; kx++) {
          const tx = ix + ${pl} - kx;
          if (tx >= 0) {
            ${divX}
            if (${okX}) {
              const db = ((bn * ${oh} + oy) * ${ow} + ox) * ${m} + gi * ${mg};
              const fb = ((ky * ${kw} + kx) * ${cg} + icl) * ${m} + gi * ${mg};
              for (let om = 0; om < ${mg}; om++) {
                s += dy[db + om] * f[fb + om];
              }
            }
          }
        }
      }
    }
  }
  return s;
}`;
    const k = engine.kernel('conv2dGradInput', src, n * h * w * c);
    return async ([dy, f]) => [await engine.call(k, [dy!.buffer, f!.buffer])];
  },
});
