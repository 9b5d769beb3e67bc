import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostInfo } from './host';
import { appendRecords, readRecords, validateRecord } from './jsonl';
import { RESULTS_SCHEMA_VERSION } from './schema';
import type { EpochRecord, RunRecord } from './schema';

const ids = {
  schemaVersion: RESULTS_SCHEMA_VERSION,
  runId: 'r1',
  experiment: 'e3',
  backend: 'reference',
  device: 'cpu',
  batchSize: 100,
  params: 44710,
  layers: 8,
} as const;
const epoch: EpochRecord = {
  ...ids,
  kind: 'epoch',
  epoch: 1,
  trainLoss: 0.5,
  validLoss: 0.4,
  errorRate: 0.1,
  seconds: 0.01,
  samplesPerSecond: 1e5,
  timestamp: new Date().toISOString(),
};
const run: RunRecord = {
  ...ids,
  kind: 'run',
  status: 'ok',
  epochs: 1,
  totalSeconds: 0.02,
  peakRssBytes: 1e8,
  startedAt: new Date().toISOString(),
  host: hostInfo(),
};

describe('result records', () => {
  it('round-trips valid records through JSONL', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'sub', 'r.jsonl');
    appendRecords(file, [epoch, run]);
    appendRecords(file, [{ ...run, runId: 'r2', status: 'oom', error: 'out of memory' }]);
    const { records, invalid } = readRecords(file);
    expect(invalid).toEqual([]);
    expect(records.map((r) => r.kind)).toEqual(['epoch', 'run', 'run']);
    expect(readFileSync(file, 'utf8').endsWith('\n')).toBe(true);
  });

  it('rejects an invalid record naming the field, and writes nothing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'r.jsonl');
    expect(() =>
      appendRecords(file, [epoch, { ...run, status: 'exploded' } as unknown as RunRecord]),
    ).toThrow(/status/);
    expect(() => readRecords(file)).toThrow(/does not exist/);
    expect(() => validateRecord({ ...epoch, batchSize: -1 })).toThrow(/batchSize/);
  });

  it('reports a torn line instead of throwing', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'bench-')), 'r.jsonl');
    writeFileSync(file, `${JSON.stringify(epoch)}\n{"kind":"run","sche`);
    const { records, invalid } = readRecords(file);
    expect(records.length).toBe(1);
    expect(invalid[0]!.line).toBe(2);
  });
});
