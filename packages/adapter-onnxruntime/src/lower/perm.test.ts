import { describe, expect, it } from 'vitest';
import { runSwap } from './perm';

describe('runSwap', () => {
  it('finds two swapped runs of axes in a static shape', () => {
    expect(runSwap([3, 3, 128, 256], [2, 3, 0, 1])).toEqual([9, 128 * 256]);
    expect(runSwap([2, 3, 4], [1, 2, 0])).toEqual([2, 12]);
    expect(runSwap([2, 3, 4], [2, 0, 1])).toEqual([6, 4]);
  });
  it('leaves other permutations, 2-D ones and dynamic shapes to Transpose', () => {
    expect(runSwap([3, 3, 128, 256], [3, 2, 0, 1])).toBeUndefined();
    expect(runSwap([250, 32, 16, 16], [1, 0, 2, 3])).toBeUndefined();
    expect(runSwap([-1, 4, 4, 8], [2, 3, 0, 1])).toBeUndefined();
    expect(runSwap([4, 5], [1, 0])).toBeUndefined();
    expect(runSwap([2, 3, 4], [0, 1, 2])).toBeUndefined();
  });
});
