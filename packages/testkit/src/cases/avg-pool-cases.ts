/**
 * Cases of avgPool and avgPoolGrad: overlapping and non-overlapping windows, same/valid/explicit
 * pads (padding left out of each mean); case 5 is global average pooling (one window over H x W).
 */
import { batchOf, between, dims, paddingLabel, singleOpCase, uniform, windowCase } from './op-case';
import type { CaseGenerator, WindowCase } from './op-case';

function avgInput(rng: Parameters<CaseGenerator>[0], index: number) {
  const n = batchOf(rng, index);
  let g: WindowCase = windowCase(rng, index);
  if (index % 6 === 5) {
    const [h, w] = [between(rng, 1, 6), between(rng, 1, 6)];
    g = { h, w, kh: h, kw: w, strides: [1, 1], padding: 'valid', outH: 1, outW: 1 };
  }
  const c = between(rng, 1, 4);
  const attrs = { poolSize: [g.kh, g.kw] as [number, number], strides: g.strides, padding: g.padding };
  const label = `x${dims([n, g.h, g.w, c])} pool ${g.kh}x${g.kw} strides ${g.strides} ${paddingLabel(g.padding)}`;
  return { n, g, c, attrs, label };
}

/** avgPool forward. */
export const avgPoolCases: CaseGenerator = (rng, index) => {
  const { n, g, c, attrs, label } = avgInput(rng, index);
  return singleOpCase('avgPool', label, [uniform(rng, [n, g.h, g.w, c])], attrs, ['x']);
};

/** avgPoolGrad: dy of the pooled shape spread over each window's real positions. */
export const avgPoolGradCases: CaseGenerator = (rng, index) => {
  const { n, g, c, attrs, label } = avgInput(rng, index);
  const dy = uniform(rng, [n, g.outH, g.outW, c]);
  return singleOpCase('avgPoolGrad', label, [dy], { ...attrs, inputShape: [g.h, g.w, c] }, ['dy']);
};
