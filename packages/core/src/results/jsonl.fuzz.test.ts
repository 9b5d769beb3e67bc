import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, damagedFile, expectBoundedMemory, expectNamedError } from '../__fixtures__/fuzz';
import { repairForResume } from '../runner/run-sweep';
import { hostInfo } from './host';
import { appendRecords, readRecords } from './jsonl';
import { RESULTS_SCHEMA_VERSION, type ResultRecord } from './schema';

const run = (cellId: string): ResultRecord => ({
  schemaVersion: RESULTS_SCHEMA_VERSION,
  runId: cellId,
  cellId,
  experiment: 'e3',
  backend: 'reference',
  device: 'cpu',
  batchSize: 10,
  params: 1,
  kind: 'run',
  status: 'ok',
  epochs: 1,
  totalSeconds: 1,
  peakRssBytes: 1,
  startedAt: new Date(0).toISOString(),
  host: hostInfo(),
});

describe('fuzz: results JSONL', () => {
  it('reading, repairing and appending to a damaged results file never throws an unnamed error, and an append is always readable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fuzz-jsonl-'));
    const valid = join(dir, 'valid.jsonl');
    appendRecords(valid, [run('a/r0'), run('b/r0'), run('c/r0')]);
    const bytes = readFileSync(valid);
    let n = 0;
    fc.assert(
      fc.property(damagedFile(bytes), (file) => {
        const path = join(dir, `case-${n++}.jsonl`);
        writeFileSync(path, file);
        const read = readRecords(path); // damaged lines are reported, never thrown
        expect(read.records.length + read.invalid.length).toBeLessThanOrEqual(file.length);
        try {
          repairForResume(path);
        } catch (error) {
          expectNamedError(error, path);
        }
        // Whatever the damage, the next append starts on a fresh line and reads back whole.
        appendRecords(path, [run('fresh/r0')]);
        expect(readRecords(path).records.some((r) => r.cellId === 'fresh/r0')).toBe(true);
        expectBoundedMemory();
      }),
      FUZZ,
    );
  });
});
