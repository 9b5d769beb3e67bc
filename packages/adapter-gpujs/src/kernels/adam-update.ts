import { OpError } from '@bench/core';
import { defineKernel } from './kernel';
import { prod } from './source';

/**
 * adamUpdate (PyTorch form): three kernels (m, v, then p from the new m and v). The bias
 * corrections 1 - beta^t are computed on the host from the step's host value and passed as
 * float arguments.
 */
export const adamUpdateKernel = defineKernel({
  op: 'adamUpdate',
  build({ engine, inputs, node }) {
    const n = prod(inputs[0]!.shape);
    const { lr, beta1, beta2, epsilon } = node.attrs;
    const km = engine.kernel(
      'adamUpdate',
      'function (m, g, b1) { const i = this.thread.x; return b1 * m[i] + (1.0 - b1) * g[i]; }',
      n,
    );
    const kv = engine.kernel(
      'adamUpdate',
      'function (v, g, b2) { const i = this.thread.x; return b2 * v[i] + (1.0 - b2) * g[i] * g[i]; }',
      n,
    );
    const kp = engine.kernel(
      'adamUpdate',
      'function (p, m, v, lr, bc1, bc2, eps) { const i = this.thread.x; return p[i] - lr * (m[i] / bc1) / (Math.sqrt(v[i] / bc2) + eps); }',
      n,
    );
    return async ([p, g, m, v, step]) => {
      const t = step!.host?.[0];
      if (t === undefined || !(t >= 1)) {
        throw new OpError(
          'adamUpdate',
          node.name,
          `step must be a 1-based int32 scalar, got ${t}; feed step >= 1`,
        );
      }
      const bc1 = 1 - beta1 ** t;
      const bc2 = 1 - beta2 ** t;
      const mNew = await engine.call(km, [m!.buffer, g!.buffer, beta1]);
      const vNew = await engine.call(kv, [v!.buffer, g!.buffer, beta2]);
      const pNew = await engine.call(kp, [p!.buffer, mNew, vNew, lr, bc1, bc2, epsilon]);
      return [pNew, mNew, vNew];
    };
  },
});
