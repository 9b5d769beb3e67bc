import { defineKernel } from './kernel';
import { isNanSrc, prod } from './source';

/**
 * clip: y = min(max(x, lo), hi); NaN passes through. NaN is tested first: Mesa's GL compiler
 * turns the two selects into a clamp, which does not keep NaN.
 */
export const clipKernel = defineKernel({
  op: 'clip',
  build({ engine, inputs, node }) {
    const src = `function (x, lo, hi) { const i = this.thread.x; const v = x[i]; if (${isNanSrc('v')}) { return v; } if (v < lo) { return lo; } if (v > hi) { return hi; } return v; }`;
    const k = engine.kernel('clip', src, prod(inputs[0]!.shape));
    return async ([x]) => [await engine.call(k, [x!.buffer, node.attrs.min, node.attrs.max])];
  },
});
