import { defineKernel } from './kernel';
import { prod } from './source';

/** add: y = a + b elementwise. */
export const addKernel = defineKernel({
  op: 'add',
  build({ engine, inputs }) {
    const k = engine.kernel(
      'add',
      'function (a, b) { return a[this.thread.x] + b[this.thread.x]; }',
      prod(inputs[0]!.shape),
    );
    return async ([a, b]) => [await engine.call(k, [a!.buffer, b!.buffer])];
  },
});
