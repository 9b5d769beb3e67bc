/** Cases of the dense-layer ops: matmul (all transposes), biasAdd, reduceSum. */
import type { Rng } from '@bench/core';
import { batchOf, between, dims, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

/** matmul with transA/transB cycling through all four combinations; odd sizes, batch 1 first. */
export const matmulCases: CaseGenerator = (rng: Rng, index: number) => {
  const transA = index % 2 === 1;
  const transB = Math.floor(index / 2) % 2 === 1;
  const m = batchOf(rng, index);
  const k = between(rng, 1, 9);
  const n = between(rng, 1, 9);
  const a = uniform(rng, transA ? [k, m] : [m, k]);
  const b = uniform(rng, transB ? [n, k] : [k, n]);
  return singleOpCase(
    'matmul',
    `a${dims(a.shape)} b${dims(b.shape)} transA ${transA} transB ${transB}`,
    [a, b],
    { transA, transB },
  );
};

/** biasAdd on [N, F] and on NHWC activations. */
export const biasAddCases: CaseGenerator = (rng, index) => {
  const n = batchOf(rng, index);
  const c = between(rng, 1, 6);
  const shape = index % 2 === 0 ? [n, c] : [n, between(rng, 1, 4), between(rng, 1, 4), c];
  const x = uniform(rng, shape);
  return singleOpCase('biasAdd', `x${dims(shape)}`, [x, uniform(rng, [c])], {}, ['x']);
};

/** reduceSum over the bias-gradient axes ([0] of [N,F], [0,1,2] of NHWC) and other axis sets. */
export const reduceSumCases: CaseGenerator = (rng, index) => {
  const n = batchOf(rng, index);
  const variants: { shape: number[]; axes: number[] }[] = [
    { shape: [n, between(rng, 1, 7)], axes: [0] },
    { shape: [n, between(rng, 1, 4), between(rng, 1, 4), between(rng, 1, 5)], axes: [0, 1, 2] },
    { shape: [n, between(rng, 1, 6)], axes: [1] },
    { shape: [n, between(rng, 2, 4), between(rng, 2, 4)], axes: [0, 2] },
  ];
  const v = variants[index % variants.length]!;
  return singleOpCase('reduceSum', `x${dims(v.shape)} axes [${v.axes}]`, [uniform(rng, v.shape)], {
    axes: v.axes,
  });
};
