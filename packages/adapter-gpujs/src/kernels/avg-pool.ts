import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex } from './source';

/** avgPool: one output per thread, the mean of the window's real (unpadded) elements. */
export const avgPoolKernel = defineKernel({
  op: 'avgPool',
  build({ engine, inputs, outputs, node }) {
    const [, h, w, c] = inputs[0]!.shape as [number, number, number, number];
    const [n, oh, ow] = outputs[0]!.shape as [number, number, number, number];
    const [ph, pw] = node.attrs.poolSize;
    const [sh, sw] = node.attrs.strides;
    const pt = convOutputSize(h, ph, sh, node.attrs.padding, 0).padBefore;
    const pl = convOutputSize(w, pw, sw, node.attrs.padding, 1).padBefore;
    const src = `function (x) {
  ${decodeIndex('this.thread.x', [
    ['bn', n],
    ['oy', oh],
    ['ox', ow],
    ['ch', c],
  ])}
  let s = 0.0;
  let count = 0.0;
  for (let py = 0; py < ${ph}; py++) {
    const iy = oy * ${sh} - ${pt} + py;
    if (iy >= 0 && iy < ${h}) {
      for (let px = 0; px < ${pw}; px++) {
        const ix = ox * ${sw} - ${pl} + px;
        if (ix >= 0 && ix < ${w}) {
          s += x[((bn * ${h} + iy) * ${w} + ix) * ${c} + ch];
          count += 1.0;
        }
      }
    }
  }
  return s / count;
}`;
    const k = engine.kernel('avgPool', src, n * oh * ow * c);
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
