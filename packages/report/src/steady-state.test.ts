import type { EpochRecord } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { steadyState } from './steady-state';

const epoch = (n: number, samplesPerSecond: number, seconds: number, warmup?: boolean) =>
  ({ epoch: n, samplesPerSecond, seconds, ...(warmup ? { warmup } : {}) }) as EpochRecord;

describe('steadyState', () => {
  it('is the median of the epochs after the first, the first reported apart', () => {
    const s = steadyState([epoch(3, 900, 1.1), epoch(1, 100, 9), epoch(2, 1000, 1), epoch(4, 1100, 0.9)]);
    expect(s.samplesPerSecond).toBe(1000);
    expect(s.epochSeconds).toBe(1);
    expect(s.warmupSeconds).toBe(9);
    expect(s.includesWarmup).toBe(false);
  });

  it('takes flagged warm-up epochs as the warm-up and keeps the first timed epoch', () => {
    const s = steadyState([epoch(1, 50, 5, true), epoch(1, 800, 2), epoch(2, 1000, 1)]);
    expect(s.warmupSeconds).toBe(5);
    expect(s.samplesPerSecond).toBe(900);
  });

  it('says when one epoch is all there is', () => {
    const s = steadyState([epoch(1, 300, 3)]);
    expect(s).toEqual({ samplesPerSecond: 300, epochSeconds: 3, warmupSeconds: null, includesWarmup: true });
    expect(steadyState([]).samplesPerSecond).toBeNull();
  });
});
