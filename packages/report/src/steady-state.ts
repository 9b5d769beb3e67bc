/**
 * Steady state of a run, from its epoch records: the first epoch is the warm-up (it carries
 * first-touch costs: kernel compiles, allocations, lazily built engine sessions), so samples/s
 * and seconds per epoch are the median of the epochs after it, and the first epoch is reported
 * apart. Which epochs are steady is core's `steadyEpochs`, the rule the run records use too.
 */
import { type EpochRecord, median, steadyEpochs } from '@bench/core';

/** A run's steady-state rate and its warm-up epoch, derived from epoch records alone. */
export interface SteadyState {
  /** Median samples/s of the epochs after the first; null without epochs. */
  samplesPerSecond: number | null;
  /** Median seconds of the epochs after the first; null without epochs. */
  epochSeconds: number | null;
  /** Seconds of the first (warm-up) epoch; null when no epoch follows it. */
  firstEpochSeconds: number | null;
  /** True when the run had one epoch only, so the figures above include its warm-up. */
  includesWarmup: boolean;
}

/** Splits a run's epochs into the warm-up (the first) and the steady state (the rest). */
export function steadyState(epochs: readonly EpochRecord[]): SteadyState {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const steady = steadyEpochs(sorted);
  const split = sorted.length > 1;
  return {
    samplesPerSecond: median(steady.map((e) => e.samplesPerSecond)),
    epochSeconds: median(steady.map((e) => e.seconds)),
    firstEpochSeconds: split ? sorted[0].seconds : null,
    includesWarmup: sorted.length === 1,
  };
}
