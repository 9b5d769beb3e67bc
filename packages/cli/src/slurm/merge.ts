/**
 * Merges the per-task record files of a job folder into one record list (and optionally one
 * JSONL file), in array-index order, flagging tasks that are missing or failed. `bench report`
 * can read a job folder through this.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { validateRecord } from '@bench/core';
import type { ResultRecord } from '@bench/core';
import { readManifest } from './manifest';
import { readTaskRecords } from './task-records';

/** The merged records of a job folder and what is not in them. */
export interface MergedSlurmRecords {
  /** Every record of every task's last run, in task order. */
  records: ResultRecord[];
  /** Indices and cell ids of tasks with no run record. */
  missing: { index: number; cellId: string }[];
  /** Indices, cell ids and reasons of tasks whose run did not end ok (their records are included). */
  failed: { index: number; cellId: string; status: string; error?: string }[];
  /** Lines that did not parse or validate, per file. */
  invalid: { path: string; line: number; error: string }[];
  /** Number of cells in the plan. */
  total: number;
}

/** Reads every task's records from `dir` (a `bench slurm` job folder). */
export function mergeSlurmRecords(dir: string): MergedSlurmRecords {
  const manifest = readManifest(dir);
  const out: MergedSlurmRecords = {
    records: [],
    missing: [],
    failed: [],
    invalid: [],
    total: manifest.cells.length,
  };
  for (const c of manifest.cells) {
    const t = readTaskRecords(dir, c.index, c.id);
    for (const i of t.invalid) out.invalid.push({ path: t.path, ...i });
    if (t.outcome === 'missing') {
      out.missing.push({ index: c.index, cellId: c.id });
      continue;
    }
    if (t.outcome === 'failed')
      out.failed.push({
        index: c.index,
        cellId: c.id,
        status: t.run!.status,
        ...(t.run!.error ? { error: t.run!.error } : {}),
      });
    out.records.push(...t.records);
  }
  return out;
}

/** Writes merged records to one JSONL file atomically (temporary file + rename); returns the count. */
export function writeMergedRecords(path: string, records: readonly ResultRecord[]): number {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, records.map((r) => `${JSON.stringify(validateRecord(r))}\n`).join(''));
  renameSync(tmp, path);
  return records.length;
}

/** One line per missing or failed task, for reports. */
export function describeGaps(m: MergedSlurmRecords): string[] {
  return [
    ...m.missing.map(
      (t) =>
        `task ${t.index} (${t.cellId}): missing - no run record; \`bench slurm status\` says why, \`bench slurm resubmit\` reruns it`,
    ),
    ...m.failed.map((t) => `task ${t.index} (${t.cellId}): ${t.status}${t.error ? ` - ${t.error}` : ''}`),
  ];
}
