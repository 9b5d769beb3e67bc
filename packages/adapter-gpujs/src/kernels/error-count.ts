import { defineKernel } from './kernel';
import { takesMaxSrc } from './source';

/** errorCount: rows whose first-maximum argmax differs from the label, counted in one thread. */
export const errorCountKernel = defineKernel({
  op: 'errorCount',
  build({ engine, inputs }) {
    const [n, k] = inputs[0]!.shape as [number, number];
    const src = `function (z, labels) {
  let count = 0.0;
  for (let r = 0; r < ${n}; r++) {
    const rb = r * ${k};
    let best = z[rb];
    let bi = 0;
    for (let j = 1; j < ${k}; j++) { const v = z[rb + j]; if (${takesMaxSrc('v', 'best')}) { best = v; bi = j; } }
    if (bi !== labels[r]) { count += 1.0; }
  }
  return count;
}`;
    const kernel = engine.kernel('errorCount', src, 1);
    return async ([z, labels]) => [await engine.call(kernel, [z!.buffer, labels!.buffer])];
  },
});
