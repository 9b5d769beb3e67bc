import { defineKernel } from './kernel';
import { prod } from './source';

/** reluGrad: dx = dy where y > 0, else 0. */
export const reluGradKernel = defineKernel({
  op: 'reluGrad',
  build({ engine, inputs }) {
    const src = 'function (dy, y) { const i = this.thread.x; if (y[i] > 0.0) { return dy[i]; } return 0.0; }';
    const k = engine.kernel('reluGrad', src, prod(inputs[0]!.shape));
    return async ([dy, y]) => [await engine.call(k, [dy!.buffer, y!.buffer])];
  },
});
