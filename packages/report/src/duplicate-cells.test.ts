import type { ResultRecord, RunRecord } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from './__fixtures__/sample-records';
import { renderCsv } from './csv';
import { duplicateCells } from './duplicate-cells';
import { buildReport } from './report-impl';

const firstRun = () => sampleRecords().find((r): r is RunRecord => r.kind === 'run')!;

describe('duplicate cells', () => {
  it('flags a cell with two run records in the text and HTML report', async () => {
    const run = { ...firstRun(), cellId: 'e3/reference/bs100/l2/r0' };
    const records: ResultRecord[] = [run, { ...run, runId: 'again' }, { ...run, cellId: 'other' }];
    expect(duplicateCells(records)).toEqual([{ cellId: 'e3/reference/bs100/l2/r0', runs: 2 }]);
    const report = await buildReport(records);
    expect(report.duplicates).toHaveLength(1);
    expect(report.text).toMatch(
      /warning: 1 cell\(s\) have more than one run record: e3\/reference\/bs100\/l2\/r0 \(2 runs\)/,
    );
    expect(report.html).toContain('more than one run record');
  });
  it('reports none for distinct cells', async () => {
    expect((await buildReport(sampleRecords())).duplicates).toEqual([]);
  });
});

describe('CSV formula injection', () => {
  it('neutralises text cells starting with = + - @ but keeps negative numbers', () => {
    const base = firstRun();
    const rows = ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)'].map((error, i) => ({
      ...base,
      runId: `r${i}`,
      status: 'failed' as const,
      error,
      finalTrainLoss: -0.5,
    }));
    const csv = renderCsv(rows);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain(",'+1+1");
    expect(csv).toContain(",'-2+3");
    expect(csv).toContain(",'@SUM(A1)");
    expect(csv).toContain(',-0.5');
    expect(csv).not.toMatch(/,[=+@]/);
  });
});
