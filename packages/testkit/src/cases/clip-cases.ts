/** Cases of clip (ReLU6 and other ranges) and clipGrad, on [N, F] and NHWC values in [-8, 8). */
import { batchOf, between, dims, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

function clipShape(rng: Parameters<CaseGenerator>[0], index: number): number[] {
  const n = batchOf(rng, index);
  return index % 2 === 0
    ? [n, between(rng, 1, 9)]
    : [n, between(rng, 1, 4), between(rng, 1, 4), between(rng, 1, 4)];
}

const range = (index: number) => (index % 3 === 2 ? { min: -1.5, max: 0.5 } : { min: 0, max: 6 });

/** clip: ReLU6 (min 0, max 6) and, every third case, [-1.5, 0.5]. */
export const clipCases: CaseGenerator = (rng, index) => {
  const shape = clipShape(rng, index);
  const attrs = range(index);
  return singleOpCase(
    'clip',
    `x${dims(shape)} [${attrs.min}, ${attrs.max}]`,
    [uniform(rng, shape, -8, 8)],
    attrs,
    ['x'],
  );
};

/** clipGrad: dy passes where min < x < max. */
export const clipGradCases: CaseGenerator = (rng, index) => {
  const shape = clipShape(rng, index);
  const attrs = range(index);
  return singleOpCase(
    'clipGrad',
    `dy${dims(shape)} [${attrs.min}, ${attrs.max}]`,
    [uniform(rng, shape), uniform(rng, shape, -8, 8)],
    attrs,
    ['dy', 'x'],
  );
};
