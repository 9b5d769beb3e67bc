import { defineKernel } from './kernel';

/** The statements computing `mx` (row max) and `se` (sum of exp(x - mx)) of row `rb` (its base offset). */
export function rowStats(arg: string, k: number): string {
  return `let mx = ${arg}[rb];
  for (let j = 1; j < ${k}; j++) { mx = Math.max(mx, ${arg}[rb + j]); }
  let se = 0.0;
  for (let j = 0; j < ${k}; j++) { se += Math.exp(${arg}[rb + j] - mx); }`;
}

/** softmax along the last axis, one element per thread (row max and sum recomputed; K is small). */
export const softmaxKernel = defineKernel({
  op: 'softmax',
  build({ engine, inputs }) {
    const [n, k] = inputs[0]!.shape as [number, number];
    const src = `function (x) {
  const i = this.thread.x;
  const row = Math.floor(i / ${k});
  const rb = row * ${k};
  ${rowStats('x', k)}
  return Math.exp(x[i] - mx) / se;
}`;
    const kernel = engine.kernel('softmax', src, n * k);
    return async ([x]) => [await engine.call(kernel, [x!.buffer])];
  },
});
