import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/**
 * avgPoolGrad as a gather: one input element per thread sums dy / count over the windows that
 * cover it (count = the window's real positions), so no atomics are needed.
 */
export const avgPoolGradKernel = defineKernel({
  op: 'avgPoolGrad',
  build({ engine, inputs, outputs, node }) {
    const [, oh, ow] = inputs[0]!.shape as [number, number, number, number];
    const [n, h, w, c] = outputs[0]!.shape as [number, number, number, number];
    const [ph, pw] = node.attrs.poolSize;
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, ph, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, pw, sw, node.attrs.padding, 1).padBefore;
    const src = `function (dy) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['iy', h],
    ['ix', w],
    ['ch', c],
  ])}
  let s = 0.0;
  for (let ky = 0; ky < ${ph}; ky++) {
    const ty = iy + ${pt} - ky;
    const oy = Math.floor(ty / ${sh});
    if (ty >= 0 && oy < ${oh} && ty - oy * ${sh} === 0) {
      const rows = Math.min(${h}, oy * ${sh} - ${pt} + ${ph}) - Math.max(0, oy * ${sh} - ${pt});
      for (let kx = 0; kx < ${pw}; kx++) {
        const tx = ix + ${pl} - kx;
        const ox = Math.floor(tx / ${sw});
        if (tx >= 0 && ox < ${ow} && tx - ox * ${sw} === 0) {
          const cols = Math.min(${w}, ox * ${sw} - ${pl} + ${pw}) - Math.max(0, ox * ${sw} - ${pl});
          s += dy[((bn * ${oh} + oy) * ${ow} + ox) * ${c} + ch] / (rows * cols);
        }
      }
    }
  }
  return s;
}`;
    const k = engine.kernel('avgPoolGrad', src, n * h * w * c);
    return async ([dy]) => [await engine.call(k, [dy!.buffer])];
  },
});
