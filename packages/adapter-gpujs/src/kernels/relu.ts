import { defineKernel } from './kernel';
import { prod } from './source';

/** relu: y = max(x, 0), one thread per element. */
export const reluKernel = defineKernel({
  op: 'relu',
  build({ engine, inputs }) {
    const k = engine.kernel(
      'relu',
      'function (x) { return Math.max(x[this.thread.x], 0.0); }',
      prod(inputs[0]!.shape),
    );
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
