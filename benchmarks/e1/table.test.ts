import { describe, expect, it } from 'vitest';
import { step } from './__fixtures__/step';
import type { StepRecord } from './steps';
import { type Row, fastestTorch, markdownTable } from './table';

const torch = (samplesPerSecond: number) => ({
  samplesPerSecond,
  secondsPerEpoch: 320 / samplesPerSecond,
  stepSeconds: [],
  warmupStepSeconds: [],
});
const row = (backend: string, status: string, steps: StepRecord[], extra: Partial<Row> = {}): Row => ({
  backend,
  kind: 'CPU backend',
  budgetMinutes: 10,
  status,
  loadAverageAtStart: [2, 2, 2],
  loadAverageAtEnd: [3, 3, 3],
  pytorchBefore: torch(10),
  pytorchAfter: torch(20),
  steps,
  ...extra,
});

describe('E1 table', () => {
  it('marks the first-step fallback as a bound and the ratio to the fastest PyTorch', () => {
    const rows = [
      row('fast', 'complete', [step(0, 2), step(1, 1), step(2, 1)], { ratioToTorch: 8 / 15 }),
      row('slow', 'budget exhausted', [step(0, 80)], { pytorchAfter: { status: 'failed: x' } }),
      row('stuck', 'running', []),
    ];
    expect(fastestTorch(rows)).toBe(20);
    const lines = markdownTable(rows, 8, 320).split('\n');
    expect(lines[2]).toContain('| timed steps (2) | 1.00 | 8.00 | 40.0 | 10.0 / 20.0 | 0.533x | 0.400x |');
    expect(lines[3]).toContain('| ≤ 80.0 | ≥ 0.100 | ≤ 3,200 | 10.0 / — |');
    expect(lines[3]).toContain('| ≥ 0.00500x |');
    expect(lines[4]).toContain('not finished (still running, or the run was stopped here)');
    expect(lines[4]).toContain('| — | — | — | — |');
  });
});
