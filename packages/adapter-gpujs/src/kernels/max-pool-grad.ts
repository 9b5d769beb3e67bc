import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex, takesMaxSrc } from './source';

/**
 * maxPoolGrad as a gather (no atomics): one input element per thread; for every window that
 * contains it, recompute the window's first maximum (row-major window order; the first NaN wins) and add that
 * window's dy if the maximum is this element.
 */
export const maxPoolGradKernel = defineKernel({
  op: 'maxPoolGrad',
  build({ engine, inputs, outputs, node }) {
    const [, oh, ow] = inputs[0]!.shape as [number, number, number, number];
    const [n, h, w, c] = outputs[0]!.shape as [number, number, number, number];
    const [ph, pw] = node.attrs.poolSize;
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, ph, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, pw, sw, node.attrs.padding, 1).padBefore;
    const src = `function (dy, x) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['iy', h],
    ['ix', w],
    ['ch', c],
  ])}
  let s = 0.0;
  for (let qy = 0; qy < ${ph}; qy++) {
    const ty = iy + ${pt} - qy;
    const oy = Math.floor(ty / ${sh});
    if (ty >= 0 && oy < ${oh} && ty - oy * ${sh} === 0) {
      for (let qx = 0; qx < ${pw}; qx++) {
        const tx = ix + ${pl} - qx;
        const ox = Math.floor(tx / ${sw});
        if (tx >= 0 && ox < ${ow} && tx - ox * ${sw} === 0) {
          let best = 0.0;
          let by = -1;
          let bx = -1;
          for (let py = 0; py < ${ph}; py++) {
            const yy = oy * ${sh} - ${pt} + py;
            if (yy >= 0 && yy < ${h}) {
              for (let px = 0; px < ${pw}; px++) {
                const xx = ox * ${sw} - ${pl} + px;
                if (xx >= 0 && xx < ${w}) {
                  const v = x[((bn * ${h} + yy) * ${w} + xx) * ${c} + ch];
                  if (by < 0 || ${takesMaxSrc('v', 'best')}) { best = v; by = yy; bx = xx; }
                }
              }
            }
          }
          if (by === iy && bx === ix) {
            s += dy[((bn * ${oh} + oy) * ${ow} + ox) * ${c} + ch];
          }
        }
      }
    }
  }
  return s;
}`;
    const k = engine.kernel('maxPoolGrad', src, n * h * w * c);
    return async ([dy, x]) => [await engine.call(k, [dy!.buffer, x!.buffer])];
  },
});
