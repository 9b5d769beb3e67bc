/**
 * Cases of conv2d and its input and filter gradients: odd sizes, strides 1/2, same/valid/explicit
 * pads; case 4 is depthwise (groups = channels, multiplier 1 or 2), case 5 grouped (2 groups).
 */
import { batchOf, between, dims, paddingLabel, singleOpCase, uniform, windowCase } from './op-case';
import type { CaseGenerator } from './op-case';

function conv(rng: Parameters<CaseGenerator>[0], index: number) {
  const n = batchOf(rng, index);
  const g = windowCase(rng, index);
  let c = between(rng, 1, 4);
  let m = between(rng, 1, 5);
  let groups = 1;
  if (index % 6 === 4) {
    c = between(rng, 2, 5);
    groups = c;
    m = c * between(rng, 1, 2);
  } else if (index % 6 === 5) {
    groups = 2;
    c = 2 * between(rng, 1, 2);
    m = 2 * between(rng, 1, 3);
  }
  const cg = c / groups;
  const label = `x${dims([n, g.h, g.w, c])} w${dims([g.kh, g.kw, cg, m])} strides ${g.strides} ${paddingLabel(g.padding)}${groups > 1 ? ` groups ${groups}` : ''}`;
  const extra = groups > 1 ? { groups } : {};
  return { n, g, c, cg, m, label, extra };
}

/** conv2d forward. */
export const conv2dCases: CaseGenerator = (rng, index) => {
  const { n, g, c, cg, m, label, extra } = conv(rng, index);
  const x = uniform(rng, [n, g.h, g.w, c]);
  const w = uniform(rng, [g.kh, g.kw, cg, m]);
  return singleOpCase('conv2d', label, [x, w], { strides: g.strides, padding: g.padding, ...extra }, ['x']);
};

/** conv2dGradInput: dy of the conv's output shape and w. */
export const conv2dGradInputCases: CaseGenerator = (rng, index) => {
  const { n, g, c, cg, m, label, extra } = conv(rng, index);
  const dy = uniform(rng, [n, g.outH, g.outW, m]);
  const w = uniform(rng, [g.kh, g.kw, cg, m]);
  return singleOpCase(
    'conv2dGradInput',
    label,
    [dy, w],
    { strides: g.strides, padding: g.padding, inputShape: [g.h, g.w, c], ...extra },
    ['dy'],
  );
};

/** conv2dGradFilter: x and dy of the conv's output shape. */
export const conv2dGradFilterCases: CaseGenerator = (rng, index) => {
  const { n, g, c, cg, m, label, extra } = conv(rng, index);
  const x = uniform(rng, [n, g.h, g.w, c]);
  const dy = uniform(rng, [n, g.outH, g.outW, m]);
  return singleOpCase(
    'conv2dGradFilter',
    label,
    [x, dy],
    { strides: g.strides, padding: g.padding, filterShape: [g.kh, g.kw, cg, m], ...extra },
    ['x', 'dy'],
  );
};
