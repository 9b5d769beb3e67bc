/**
 * Steady state of a run, from its epoch records: the first epoch carries first-touch costs
 * (kernel compiles, allocations, lazily built engine sessions), so samples/s and seconds per
 * epoch are the median of the epochs after warm-up, and the warm-up is reported apart.
 */
import { type EpochRecord, median } from '@bench/core';

/** A run's steady-state rate and its warm-up, derived from epoch records alone. */
export interface SteadyState {
  /** Median samples/s of the post-warm-up epochs; null without epochs. */
  samplesPerSecond: number | null;
  /** Median seconds of the post-warm-up epochs; null without epochs. */
  epochSeconds: number | null;
  /** Seconds of the warm-up epochs (flagged `warmup`, else the first epoch); null when none. */
  warmupSeconds: number | null;
  /** True when the run had one epoch only, so the figures above include its warm-up. */
  includesWarmup: boolean;
}

/**
 * Splits a run's epochs into warm-up and steady state. Epochs flagged `warmup` are the warm-up
 * when there are any; otherwise the first epoch is, as long as at least one epoch follows it.
 */
export function steadyState(epochs: readonly EpochRecord[]): SteadyState {
  const sorted = [...epochs].sort((a, b) => a.epoch - b.epoch);
  const flagged = sorted.filter((e) => e.warmup);
  const timed = sorted.filter((e) => !e.warmup);
  const [warm, steady] = flagged.length
    ? [flagged, timed]
    : timed.length >= 2
      ? [timed.slice(0, 1), timed.slice(1)]
      : [[], timed];
  return {
    samplesPerSecond: median(steady.map((e) => e.samplesPerSecond)),
    epochSeconds: median(steady.map((e) => e.seconds)),
    warmupSeconds: warm.length ? warm.reduce((s, e) => s + e.seconds, 0) : null,
    includesWarmup: warm.length === 0 && steady.length > 0,
  };
}
