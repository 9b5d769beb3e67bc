import { defineKernel } from './kernel';
import { prod } from './source';

/** biasAdd: y = x + b along the last axis. */
export const biasAddKernel = defineKernel({
  op: 'biasAdd',
  build({ engine, inputs }) {
    const c = inputs[1]!.shape[0]!;
    const src = `function (x, b) { const i = this.thread.x; const q = Math.floor(i / ${c}); return x[i] + b[i - q * ${c}]; }`;
    const k = engine.kernel('biasAdd', src, prod(inputs[0]!.shape));
    return async ([x, b]) => [await engine.call(k, [x!.buffer, b!.buffer])];
  },
});
