import { defineKernel } from './kernel';
import { prod } from './source';

/** mul: y = a * b elementwise. */
export const mulKernel = defineKernel({
  op: 'mul',
  build({ engine, inputs }) {
    const k = engine.kernel(
      'mul',
      'function (a, b) { return a[this.thread.x] * b[this.thread.x]; }',
      prod(inputs[0]!.shape),
    );
    return async ([a, b]) => [await engine.call(k, [a!.buffer, b!.buffer])];
  },
});
