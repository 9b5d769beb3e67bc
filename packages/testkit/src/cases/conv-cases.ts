/** Cases of conv2d and its input and filter gradients: odd sizes, strides 1/2, same/valid. */
import { batchOf, between, dims, singleOpCase, uniform, windowCase } from './op-case';
import type { CaseGenerator } from './op-case';

function conv(rng: Parameters<CaseGenerator>[0], index: number) {
  const n = batchOf(rng, index);
  const g = windowCase(rng, index);
  const c = between(rng, 1, 4);
  const m = between(rng, 1, 5);
  const label = `x${dims([n, g.h, g.w, c])} w${dims([g.kh, g.kw, c, m])} strides ${g.strides} ${g.padding}`;
  return { n, g, c, m, label };
}

/** conv2d forward. */
export const conv2dCases: CaseGenerator = (rng, index) => {
  const { n, g, c, m, label } = conv(rng, index);
  const x = uniform(rng, [n, g.h, g.w, c]);
  const w = uniform(rng, [g.kh, g.kw, c, m]);
  return singleOpCase('conv2d', label, [x, w], { strides: g.strides, padding: g.padding }, ['x']);
};

/** conv2dGradInput: dy of the conv's output shape and w. */
export const conv2dGradInputCases: CaseGenerator = (rng, index) => {
  const { n, g, c, m, label } = conv(rng, index);
  const dy = uniform(rng, [n, g.outH, g.outW, m]);
  const w = uniform(rng, [g.kh, g.kw, c, m]);
  return singleOpCase(
    'conv2dGradInput',
    label,
    [dy, w],
    { strides: g.strides, padding: g.padding, inputShape: [g.h, g.w, c] },
    ['dy'],
  );
};

/** conv2dGradFilter: x and dy of the conv's output shape. */
export const conv2dGradFilterCases: CaseGenerator = (rng, index) => {
  const { n, g, c, m, label } = conv(rng, index);
  const x = uniform(rng, [n, g.h, g.w, c]);
  const dy = uniform(rng, [n, g.outH, g.outW, m]);
  return singleOpCase(
    'conv2dGradFilter',
    label,
    [x, dy],
    { strides: g.strides, padding: g.padding, filterShape: [g.kh, g.kw, c, m] },
    ['x', 'dy'],
  );
};
