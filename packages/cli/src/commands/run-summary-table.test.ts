import type { RunRecord } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { summaryTable } from './run-summary-table';

const run = (samplesPerSecond: number): RunRecord =>
  ({
    kind: 'run',
    backend: 'reference',
    model: 'resnet18',
    params: 11_177_538,
    batchSize: 8,
    status: 'ok',
    samplesPerSecond,
    peakRssBytes: 2 ** 30,
  }) as unknown as RunRecord;

describe('bench run summary table', () => {
  it('prints a slow backend with significant digits, not 0', () => {
    const table = summaryTable([run(0.4), run(0.0123)]);
    expect(table).toContain('0.400');
    expect(table).toContain('0.0123');
    expect(table).not.toMatch(/│ 0 +│/);
  });
  it('keeps thousands separators for fast backends', () => {
    expect(summaryTable([run(12_345.6)])).toContain('12,346');
  });
});
