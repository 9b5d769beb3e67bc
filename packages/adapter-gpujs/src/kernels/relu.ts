import { defineKernel } from './kernel';
import { isNanSrc, prod } from './source';

/**
 * relu: y = max(x, 0), one thread per element; NaN stays NaN. A plain select is not enough: Mesa's
 * GL compiler turns `v <= 0 ? 0 : v` into fmax, which drops NaN, so NaN is tested first.
 */
export const reluKernel = defineKernel({
  op: 'relu',
  build({ engine, inputs }) {
    const k = engine.kernel(
      'relu',
      `function (x) { const v = x[this.thread.x]; if (${isNanSrc('v')}) { return v; } if (v <= 0.0) { return 0.0; } return v; }`,
      prod(inputs[0]!.shape),
    );
    return async ([x]) => [await engine.call(k, [x!.buffer])];
  },
});
