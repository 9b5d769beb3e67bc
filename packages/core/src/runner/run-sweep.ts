/**
 * `runSweep`: runs cells one at a time, each in its own child process, appending each cell's
 * records to the results file in one write when the cell ends. A parent killed mid-sweep leaves
 * only whole cells behind; `resume` skips cells that already have a run record (after dropping
 * any partial cell or torn line, see `repairForResume`).
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { appendRecords, readRecords } from '../results/jsonl';
import { runCellInChild } from './run-cell-in-child';
import type { CellResult, CellRunOptions } from './sweep-events';
import type { SweepCell } from './sweep-plan';

/** Options of `runSweep`: the cells, the results file, and how to run each cell. */
export interface RunSweepOptions extends CellRunOptions {
  cells: readonly SweepCell[];
  /** JSONL results file; created if missing, appended to otherwise. */
  out: string;
  /** Skip cells whose run record is already in `out` (any status). */
  resume?: boolean;
}

/** What a sweep did. */
export interface SweepSummary {
  /** Cells run now, in order, with their outcome. */
  ran: CellResult[];
  /** Cells skipped because `out` already had their run record. */
  skipped: SweepCell[];
  /** Set when `resume` had to repair the results file first. */
  repaired?: ResumeRepair;
}

/** Ids of the cells that have a run record in a results file (none if the file is missing). */
export function completedCellIds(out: string): Set<string> {
  if (!existsSync(out)) return new Set();
  return new Set(
    readRecords(out)
      .records.filter((r) => r.kind === 'run' && r.cellId !== undefined)
      .map((r) => r.cellId as string),
  );
}

/** What `repairForResume` did to a results file. */
export interface ResumeRepair {
  /** Records of cells without a run record (a cell cut short while being written). */
  droppedRecords: number;
  /** Lines that were not valid records (e.g. a torn last line). */
  droppedLines: number;
  /** Copy of the file as it was, or null when nothing needed repair. */
  backup: string | null;
}

/**
 * Prepares a results file for resuming: when it holds lines that are not valid records (a torn
 * tail) or records of cells that have no run record (which a rerun would duplicate), it keeps a
 * backup (`<out>.bak-<time>`) and rewrites the file, atomically (temp file + rename), with only
 * the valid records of complete cells and records outside any cell. A file that does not end in
 * a newline gets one, so the next append starts on its own line.
 */
export function repairForResume(out: string): ResumeRepair {
  if (!existsSync(out)) return { droppedRecords: 0, droppedLines: 0, backup: null };
  const { records, invalid } = readRecords(out);
  const complete = new Set(
    records.filter((r) => r.kind === 'run' && r.cellId !== undefined).map((r) => r.cellId),
  );
  const keep = records.filter((r) => r.cellId === undefined || complete.has(r.cellId));
  const droppedRecords = records.length - keep.length;
  if (droppedRecords === 0 && invalid.length === 0) {
    const text = readFileSync(out, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) writeFileSync(out, '\n', { flag: 'a' });
    return { droppedRecords: 0, droppedLines: 0, backup: null };
  }
  const backup = `${out}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  copyFileSync(out, backup);
  const tmp = `${out}.tmp-${process.pid}`;
  writeFileSync(tmp, keep.map((r) => `${JSON.stringify(r)}\n`).join(''), 'utf8');
  renameSync(tmp, out);
  return { droppedRecords, droppedLines: invalid.length, backup };
}

/**
 * Runs every cell (skipping completed ones when `resume` is set) and appends its records to
 * `out` with one `appendRecords` call per cell. A cell that fails in any way still gets a run
 * record with its status and reason, and the sweep goes on. Cells run one at a time, so timings
 * do not compete for the machine.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepSummary> {
  const total = options.cells.length;
  const summary: SweepSummary = { ran: [], skipped: [] };
  if (options.resume) {
    const repair = repairForResume(options.out);
    if (repair.backup) {
      summary.repaired = repair;
      options.onEvent?.({ type: 'resume-repaired', out: options.out, ...repair, backup: repair.backup });
    }
  }
  const done = options.resume ? completedCellIds(options.out) : new Set<string>();
  for (const [index, cell] of options.cells.entries()) {
    if (done.has(cell.id)) {
      summary.skipped.push(cell);
      options.onEvent?.({
        type: 'cell-skipped',
        cell,
        index,
        total,
        reason: `${options.out} already has its run record`,
      });
      continue;
    }
    const result = await runCellInChild(cell, options, { index, total });
    appendRecords(options.out, result.records);
    summary.ran.push(result);
    options.onEvent?.({
      type: 'cell-end',
      cell,
      index,
      total,
      status: result.status,
      reason: result.reason,
      run: result.run,
      seconds: result.seconds,
    });
  }
  return summary;
}
