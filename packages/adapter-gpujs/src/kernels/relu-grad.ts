import { defineKernel } from './kernel';
import { prod } from './source';

/** reluGrad: dx = 0 where y <= 0, else dy (a NaN y passes dy, as PyTorch's threshold_backward). */
export const reluGradKernel = defineKernel({
  op: 'reluGrad',
  build({ engine, inputs }) {
    const src =
      'function (dy, y) { const i = this.thread.x; if (y[i] <= 0.0) { return 0.0; } return dy[i]; }';
    const k = engine.kernel('reluGrad', src, prod(inputs[0]!.shape));
    return async ([dy, y]) => [await engine.call(k, [dy!.buffer, y!.buffer])];
  },
});
