/**
 * What one backend's completed steps say, with nothing added: seconds per step, samples/s and
 * seconds per epoch from the timed steps (every step after the first), or, when no timed step
 * completed, from the first step alone, labelled an upper bound on the step time because it
 * includes the warm-up (kernel compiles, first allocations). With no completed step at all, only
 * a lower bound on the step time is known: the seconds the first step had run when it was stopped.
 */

/** The worker's event lines start with this (the rest of the line is JSON). */
export const EVENT_PREFIX = 'E1EVENT ';

/** One completed training step as the worker reports it. */
export interface StepRecord {
  /** 0 is the warm-up step; 1.. are timed. */
  index: number;
  seconds: number;
  cpuSeconds: number;
  loss: number;
  rssBytes: number;
}

/** How the speed numbers of a row were obtained. */
export type SpeedBasis =
  | 'timed steps'
  | 'first step only (upper bound on s/step: includes warm-up)'
  | 'no step completed (lower bound on s/step: time the first step ran)';

export interface SpeedSummary {
  basis: SpeedBasis;
  /** Steps the numbers come from (timed steps, or 1 for the first-step fallback, 0 for none). */
  stepsUsed: number;
  /** Mean seconds per step over `stepsUsed`; for the no-step basis, the lower bound. */
  secondsPerStep: number | null;
  samplesPerSecond: number | null;
  secondsPerEpoch: number | null;
}

/**
 * Summarises `steps` (in any order) for `batch` images per step and an epoch of `epochImages`
 * images; `firstStepRanSeconds` is how long an unfinished first step had run when it was stopped.
 */
export function summarizeSteps(
  steps: readonly StepRecord[],
  batch: number,
  epochImages: number,
  firstStepRanSeconds?: number,
): SpeedSummary {
  const timed = steps.filter((s) => s.index > 0);
  const first = steps.find((s) => s.index === 0);
  const fromSeconds = (basis: SpeedBasis, stepsUsed: number, perStep: number): SpeedSummary => ({
    basis,
    stepsUsed,
    secondsPerStep: perStep,
    samplesPerSecond: batch / perStep,
    secondsPerEpoch: (epochImages / batch) * perStep,
  });
  if (timed.length > 0) {
    const total = timed.reduce((a, s) => a + s.seconds, 0);
    return fromSeconds('timed steps', timed.length, total / timed.length);
  }
  if (first)
    return fromSeconds('first step only (upper bound on s/step: includes warm-up)', 1, first.seconds);
  return {
    basis: 'no step completed (lower bound on s/step: time the first step ran)',
    stepsUsed: 0,
    secondsPerStep: firstStepRanSeconds ?? null,
    samplesPerSecond: null,
    secondsPerEpoch: null,
  };
}
