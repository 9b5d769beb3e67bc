import { defineKernel } from './kernel';
import { prod } from './source';

/** sgdUpdate: p_new = p - lr * g (lr passed as a float argument). */
export const sgdUpdateKernel = defineKernel({
  op: 'sgdUpdate',
  build({ engine, inputs, node }) {
    const src = 'function (p, g, lr) { const i = this.thread.x; return p[i] - lr * g[i]; }';
    const k = engine.kernel('sgdUpdate', src, prod(inputs[0]!.shape));
    const lr = node.attrs.lr;
    return async ([p, g]) => [await engine.call(k, [p!.buffer, g!.buffer, lr])];
  },
});
