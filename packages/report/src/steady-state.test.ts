import type { EpochRecord } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { steadyState } from './steady-state';

const epoch = (n: number, samplesPerSecond: number, seconds: number) =>
  ({ epoch: n, samplesPerSecond, seconds }) as EpochRecord;

describe('steadyState', () => {
  it('is the median of the epochs after the first, the first reported apart', () => {
    const s = steadyState([epoch(3, 900, 1.1), epoch(1, 100, 9), epoch(2, 1000, 1), epoch(4, 1100, 0.9)]);
    expect(s.samplesPerSecond).toBe(1000);
    expect(s.epochSeconds).toBe(1);
    expect(s.firstEpochSeconds).toBe(9);
    expect(s.includesWarmup).toBe(false);
  });

  it('takes the first epoch as the warm-up even when it is not the slowest', () => {
    const s = steadyState([epoch(2, 800, 2), epoch(1, 1000, 1), epoch(3, 1000, 1)]);
    expect(s.firstEpochSeconds).toBe(1);
    expect(s.samplesPerSecond).toBe(900);
  });

  it('says when one epoch is all there is', () => {
    const s = steadyState([epoch(1, 300, 3)]);
    expect(s).toEqual({
      samplesPerSecond: 300,
      epochSeconds: 3,
      firstEpochSeconds: null,
      includesWarmup: true,
    });
    expect(steadyState([]).samplesPerSecond).toBeNull();
    expect(steadyState([]).includesWarmup).toBe(false);
  });
});
