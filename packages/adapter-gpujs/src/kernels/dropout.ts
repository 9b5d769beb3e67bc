import { OpError, counterUniform } from '@bench/core';
import { defineKernel } from './kernel';
import { prod } from './source';

/**
 * dropout: the mask is computed on the host with core's `counterUniform(seed, step, i)` (gpu.js
 * has no 32-bit unsigned integer ops in every mode, and host masks make parity exact), uploaded,
 * and multiplied on the device. One upload per dropout node per step; no readback.
 */
export const dropoutKernel = defineKernel({
  op: 'dropout',
  build({ engine, inputs, node }) {
    const n = prod(inputs[0]!.shape);
    const { rate, seed } = node.attrs;
    const keep = Math.fround(1 / (1 - rate));
    const k = engine.kernel(
      'dropout',
      'function (x, mask) { return x[this.thread.x] * mask[this.thread.x]; }',
      n,
    );
    return async ([x, step]) => {
      const t = step!.host?.[0];
      if (t === undefined)
        throw new OpError('dropout', node.name, 'step has no host value; feed it as an int32 scalar');
      const mask = new Float32Array(n);
      for (let i = 0; i < n; i++) mask[i] = counterUniform(seed, t, i) >= rate ? keep : 0;
      const maskBuf = await engine.upload(mask);
      const y = await engine.call(k, [x!.buffer, maskBuf]);
      return [y, maskBuf];
    };
  },
});
