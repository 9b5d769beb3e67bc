/**
 * Cases of maxPool and maxPoolGrad: overlapping and non-overlapping windows, same/valid/explicit pads. Inputs
 * are negative so that zero padding instead of -infinity padding shows; every fourth case
 * (index 3, 7, ...) quantises the values to force ties (the IR takes the first maximum in
 * row-major window order).
 */
import type { HostTensor } from '@bench/core';
import { batchOf, between, dims, paddingLabel, singleOpCase, uniform, windowCase } from './op-case';
import type { CaseGenerator } from './op-case';

function poolInput(rng: Parameters<CaseGenerator>[0], index: number) {
  const n = batchOf(rng, index);
  const g = windowCase(rng, index);
  const c = between(rng, 1, 4);
  const x = uniform(rng, [n, g.h, g.w, c], -2, -0.01);
  const ties = index % 4 === 3;
  if (ties)
    x.data.forEach((v, i) => {
      x.data[i] = Math.round(v * 2) / 2;
    });
  const label = `x${dims(x.shape)} pool ${g.kh}x${g.kw} strides ${g.strides} ${paddingLabel(g.padding)}${ties ? ' (ties)' : ''}`;
  return { n, g, c, x, label };
}

/** maxPool forward. */
export const maxPoolCases: CaseGenerator = (rng, index) => {
  const { g, x, label } = poolInput(rng, index);
  return singleOpCase(
    'maxPool',
    label,
    [x],
    { poolSize: [g.kh, g.kw], strides: g.strides, padding: g.padding },
    ['x'],
  );
};

/** maxPoolGrad: dy of the pooled shape routed to each window's first maximum. */
export const maxPoolGradCases: CaseGenerator = (rng, index) => {
  const { n, g, c, x, label } = poolInput(rng, index);
  const dy: HostTensor = uniform(rng, [n, g.outH, g.outW, c]);
  return singleOpCase(
    'maxPoolGrad',
    label,
    [dy, x],
    { poolSize: [g.kh, g.kw], strides: g.strides, padding: g.padding },
    ['dy', 'x'],
  );
};
