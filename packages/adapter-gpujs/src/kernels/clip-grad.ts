import { defineKernel } from './kernel';
import { prod } from './source';

/** clipGrad: dx = dy where lo < x < hi, else 0. */
export const clipGradKernel = defineKernel({
  op: 'clipGrad',
  build({ engine, inputs, node }) {
    const src =
      'function (dy, x, lo, hi) { const i = this.thread.x; const v = x[i]; if (v > lo && v < hi) { return dy[i]; } return 0.0; }';
    const k = engine.kernel('clipGrad', src, prod(inputs[0]!.shape));
    return async ([dy, x]) => [await engine.call(k, [dy!.buffer, x!.buffer, node.attrs.min, node.attrs.max])];
  },
});
