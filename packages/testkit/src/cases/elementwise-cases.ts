/** Cases of the elementwise ops and reshape: relu, reluGrad, mul, add, reshape. */
import type { HostTensor, OpName } from '@bench/core';
import { batchOf, between, dims, singleOpCase, uniform } from './op-case';
import type { CaseGenerator } from './op-case';

function activationShape(rng: Parameters<CaseGenerator>[0], index: number): number[] {
  const n = batchOf(rng, index);
  return index % 2 === 0
    ? [n, between(rng, 1, 9)]
    : [n, between(rng, 1, 4), between(rng, 1, 4), between(rng, 1, 4)];
}

/** relu on [N, F] and NHWC values in [-1, 1). */
export const reluCases: CaseGenerator = (rng, index) => {
  const shape = activationShape(rng, index);
  return singleOpCase('relu', `x${dims(shape)}`, [uniform(rng, shape)], {}, ['x']);
};

/** reluGrad with y a real relu output (exact zeros where x <= 0). */
export const reluGradCases: CaseGenerator = (rng, index) => {
  const shape = activationShape(rng, index);
  const y = uniform(rng, shape);
  y.data.forEach((v, i) => {
    y.data[i] = v > 0 ? v : 0;
  });
  return singleOpCase('reluGrad', `dy${dims(shape)}`, [uniform(rng, shape), y], {}, ['dy', 'y']);
};

function binary(op: Extract<OpName, 'mul' | 'add'>): CaseGenerator {
  return (rng, index) => {
    const shape = activationShape(rng, index);
    const inputs: HostTensor[] = [uniform(rng, shape), uniform(rng, shape)];
    return singleOpCase(op, `a${dims(shape)}`, inputs, {}, ['a', 'b']);
  };
}

/** mul of two same-shape tensors. */
export const mulCases = binary('mul');
/** add of two same-shape tensors. */
export const addCases = binary('add');

/** reshape NHWC -> [-1, H*W*C] (flatten) and [N, F] -> NHWC. */
export const reshapeCases: CaseGenerator = (rng, index) => {
  const n = batchOf(rng, index);
  const [h, w, c] = [between(rng, 1, 4), between(rng, 1, 4), between(rng, 1, 4)];
  if (index % 2 === 0) {
    return singleOpCase(
      'reshape',
      `x${dims([n, h, w, c])} -> [-1,${h * w * c}]`,
      [uniform(rng, [n, h, w, c])],
      { shape: [-1, h * w * c] },
      ['x'],
    );
  }
  return singleOpCase(
    'reshape',
    `x${dims([n, h * w * c])} -> [-1,${h},${w},${c}]`,
    [uniform(rng, [n, h * w * c])],
    { shape: [-1, h, w, c] },
    ['x'],
  );
};
