/**
 * Reads one array task's records file (`DIR/records/task-i.jsonl`) and says what it holds: the
 * cell's run finished `ok`, finished with a failure status, or left no run record at all.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readRecords } from '@bench/core';
import type { ResultRecord, RunRecord } from '@bench/core';

/** Path of task `index`'s records file in a job folder. */
export const taskRecordsPath = (dir: string, index: number) => join(dir, 'records', `task-${index}.jsonl`);

/** What a task's records file holds. */
export interface TaskRecords {
  index: number;
  cellId: string;
  path: string;
  /** `ok`: a run record with status ok; `failed`: a run record with another status; `missing`: none. */
  outcome: 'ok' | 'failed' | 'missing';
  /** The cell's last run record, if any. */
  run?: RunRecord;
  /** Every record of the cell's last run (epochs, telemetry, run). */
  records: ResultRecord[];
  /** Lines that did not parse or validate. */
  invalid: { line: number; error: string }[];
}

/** Reads task `index`'s records; only records of `cellId` count, and of them the last run's. */
export function readTaskRecords(dir: string, index: number, cellId: string): TaskRecords {
  const path = taskRecordsPath(dir, index);
  if (!existsSync(path)) return { index, cellId, path, outcome: 'missing', records: [], invalid: [] };
  const { records, invalid } = readRecords(path);
  const mine = records.filter((r) => r.cellId === cellId);
  const runs = mine.filter((r): r is RunRecord => r.kind === 'run');
  const run = runs[runs.length - 1];
  if (!run) return { index, cellId, path, outcome: 'missing', records: [], invalid };
  return {
    index,
    cellId,
    path,
    outcome: run.status === 'ok' ? 'ok' : 'failed',
    run,
    records: mine.filter((r) => r.runId === run.runId),
    invalid,
  };
}
