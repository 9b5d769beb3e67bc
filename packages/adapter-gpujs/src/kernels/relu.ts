import { defineKernel } from './kernel';
import { prod } from './source';

/** relu: y = max(x, 0), one thread per element; NaN stays NaN (a select, not Math.max). */
export const reluKernel = defineKernel({
  op: 'relu',
  build({ engine, inputs }) {
    const k = engine.kernel(
      'relu',
      'function (x) { const v = x[this.thread.x]; if (v <= 0.0) { return 0.0; } return v; }',
      prod(inputs[0]!.shape),
    );
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
