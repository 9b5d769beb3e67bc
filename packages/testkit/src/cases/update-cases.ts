/** Cases of dropout (seeded mask) and the optimizer updates (sgdUpdate, adamUpdate). */
import { between, dims, int32Scalar, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

function paramShape(rng: Parameters<CaseGenerator>[0], index: number): number[] {
  return index % 2 === 0
    ? [between(rng, 1, 9)]
    : [between(rng, 1, 3), between(rng, 1, 3), between(rng, 1, 3), between(rng, 1, 4)];
}

/** dropout at rates 0, 0.2, 0.5 with random seeds and steps; outputs y and mask. */
export const dropoutCases: CaseGenerator = (rng, index) => {
  const rate = [0.5, 0.2, 0][index % 3]!;
  const seed = rng.int(2 ** 31);
  const step = between(rng, 1, 1000);
  const shape = [index === 0 ? 1 : between(rng, 2, 5), between(rng, 1, 12)];
  return singleOpCase(
    'dropout',
    `x${dims(shape)} rate ${rate} seed ${seed} step ${step}`,
    [uniform(rng, shape), int32Scalar(step)],
    { rate, seed },
    ['x'],
  );
};

/** sgdUpdate with lr 0.1 or 0.01. */
export const sgdUpdateCases: CaseGenerator = (rng, index) => {
  const shape = paramShape(rng, index);
  const lr = index % 2 === 0 ? 0.1 : 0.01;
  return singleOpCase(
    'sgdUpdate',
    `param${dims(shape)} lr ${lr}`,
    [uniform(rng, shape), uniform(rng, shape)],
    { lr },
  );
};

/** adamUpdate at steps 1..20 with non-negative v (as Adam keeps it). */
export const adamUpdateCases: CaseGenerator = (rng, index) => {
  const shape = paramShape(rng, index);
  const step = index === 0 ? 1 : between(rng, 1, 20);
  const attrs = { lr: 0.001 * between(rng, 1, 10), beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
  const v = uniform(rng, shape, 0, 0.01);
  const inputs = [
    uniform(rng, shape),
    uniform(rng, shape),
    uniform(rng, shape, -0.1, 0.1),
    v,
    int32Scalar(step),
  ];
  return singleOpCase('adamUpdate', `param${dims(shape)} step ${step} lr ${attrs.lr}`, inputs, attrs);
};
