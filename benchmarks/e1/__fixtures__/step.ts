import type { StepRecord } from '../steps';

/** A step record for the E1 summary and table tests: `seconds` of wall and CPU time. */
export const step = (index: number, seconds: number): StepRecord => ({
  index,
  seconds,
  cpuSeconds: seconds,
  loss: 0.7,
  rssBytes: 1,
});
