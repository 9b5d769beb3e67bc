import { convOutputSize } from '@bench/core';
import { defineKernel } from './kernel';
import { decodeIndex, takesMaxSrc } from './source';

/**
 * maxPool: one output per thread, max over the valid window elements ("same" pads with
 * -infinity); a NaN wins the window (see `takesMaxSrc`), as in PyTorch.
 */
export const maxPoolKernel = defineKernel({
  op: 'maxPool',
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
  let best = 0.0;
  let found = 0;
  for (let py = 0; py < ${ph}; py++) {
    const iy = oy * ${sh} - ${pt} + py;
    if (iy >= 0 && iy < ${h}) {
      for (let px = 0; px < ${pw}; px++) {
        const ix = ox * ${sw} - ${pl} + px;
        if (ix >= 0 && ix < ${w}) {
          const v = x[((bn * ${h} + iy) * ${w} + ix) * ${c} + ch];
          if (found === 0 || ${takesMaxSrc('v', 'best')}) { best = v; found = 1; }
        }
      }
    }
  }
  return best;
}`;
    const k = engine.kernel('maxPool', src, n * oh * ow * c);
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
