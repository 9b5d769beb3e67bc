import { describe, expect, it } from 'vitest';
import { runOp } from '../__fixtures__/single-op';
import type { RefTensor } from '../ref-tensor';

const t = (shape: number[], values: number[]): RefTensor => ({
  dtype: 'float32',
  shape,
  data: Float64Array.from(values),
});

describe('batchNorm (training) and batchNormInference', () => {
  // Two channels over a batch of 4: channel 0 = 1, 2, 3, 4 (mean 2.5, biased var 1.25, unbiased 5/3).
  const x = t([4, 2], [1, 10, 2, 10, 3, 10, 4, 10]);
  const scale = t([2], [2, 1]);
  const bias = t([2], [0.5, -1]);
  const rm = t([2], [1, 1]);
  const rv = t([2], [1, 1]);

  it('normalises with batch statistics and moves the running ones by momentum (unbiased variance)', () => {
    const [y, mean, invStd, rmNew, rvNew] = runOp('batchNorm', [x, scale, bias, rm, rv], {
      epsilon: 1e-5,
      momentum: 0.1,
    });
    const inv0 = 1 / Math.sqrt(1.25 + 1e-5);
    expect([...mean!.data]).toEqual([2.5, 10]);
    expect(invStd!.data[0]).toBeCloseTo(inv0, 12);
    expect(y!.data[0]).toBeCloseTo((1 - 2.5) * inv0 * 2 + 0.5, 12);
    expect(y!.data[1]).toBeCloseTo(-1, 12); // a constant channel normalises to 0, then the bias
    expect(rmNew!.data[0]).toBeCloseTo(0.9 * 1 + 0.1 * 2.5, 12);
    expect(rvNew!.data[0]).toBeCloseTo(0.9 * 1 + 0.1 * (5 / 3), 12);
    expect(rvNew!.data[1]).toBeCloseTo(0.9, 12);
  });

  it('eval mode normalises with the given (running) statistics', () => {
    const [y] = runOp('batchNormInference', [x, scale, bias, t([2], [2, 9]), t([2], [4, 1])], {
      epsilon: 1e-3,
    });
    expect(y!.data[0]).toBeCloseTo(((1 - 2) / Math.sqrt(4.001)) * 2 + 0.5, 12);
    expect(y!.data[1]).toBeCloseTo(1 / Math.sqrt(1.001) - 1, 12);
  });

  it('rejects statistics that do not match the channel axis', () => {
    expect(() =>
      runOp('batchNorm', [x, t([3], [1, 1, 1]), bias, rm, rv], { epsilon: 1e-5, momentum: 0.1 }),
    ).toThrow(/scale \[3\] must be \[2\]/);
  });
});
