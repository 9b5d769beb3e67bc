import { defineKernel } from './kernel';
import { takesMaxSrc } from './source';

/** argmax: index of the first maximum (the first NaN if any) of each row, one row per thread (stored as float32, read back as int32). */
export const argmaxKernel = defineKernel({
  op: 'argmax',
  build({ engine, inputs }) {
    const [n, k] = inputs[0]!.shape as [number, number];
    const src = `function (x) {
  const rb = this.thread.x * ${k};
  let best = x[rb];
  let bi = 0;
  for (let j = 1; j < ${k}; j++) { const v = x[rb + j]; if (${takesMaxSrc('v', 'best')}) { best = v; bi = j; } }
  return bi;
}`;
    const kernel = engine.kernel('argmax', src, n);
    return async ([x]) => [await engine.call(kernel, [x!.buffer])];
  },
});
