/**
 * `runSweep`: runs cells one at a time, each in its own child process, appending each cell's
 * records to the results file in one write when the cell ends. A parent killed mid-sweep leaves
 * only whole cells behind; `resume` skips cells that already have a run record (after dropping
 * any partial cell or torn line, see `repairForResume`).
 */
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { checkResultsWritable } from '../results/append-records';
import { appendRecords, readRecords } from '../results/jsonl';
import { acquireResultsLock, withResultsLock } from '../results/results-lock';
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
  /**
   * With `resume`: rerun cells whose run record is not `ok` too (their old records are dropped
   * from `out` first, backup kept, so each cell keeps one run record).
   */
  retryFailed?: boolean;
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
 * a newline gets one, so the next append starts on its own line. With `retryFailed`, cells whose
 * run record is not `ok` count as unfinished. Holds the results file's lock while it works.
 */
export function repairForResume(out: string, options: { retryFailed?: boolean } = {}): ResumeRepair {
  if (!existsSync(out)) return { droppedRecords: 0, droppedLines: 0, backup: null };
  return withResultsLock(out, 'bench sweep --resume repair', () => repairUnderLock(out, options));
}

function repairUnderLock(out: string, options: { retryFailed?: boolean }): ResumeRepair {
  if (!existsSync(out)) return { droppedRecords: 0, droppedLines: 0, backup: null };
  const { records, invalid } = readRecords(out);
  // With retryFailed, a cell whose run record is not ok counts as unfinished: its records go.
  const complete = new Set(
    records
      .filter((r) => r.kind === 'run' && r.cellId !== undefined)
      .filter((r) => !options.retryFailed || (r.kind === 'run' && r.status === 'ok'))
      .map((r) => r.cellId),
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
 * `out` with one `appendRecords` call per cell. Checks up front that `out` is writable and holds
 * its lock for the whole sweep (a second writer gets `BenchError.ResultsLocked`). A cell that fails in any way still gets a run
 * record with its status and reason, and the sweep goes on. Cells run one at a time, so timings
 * do not compete for the machine.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepSummary> {
  // Fail before the first cell, not after its work: a folder, a read-only or full disk.
  checkResultsWritable(options.out);
  // One writer per results file: a second sweep or repair would duplicate or drop cells.
  // (acquire, not withResultsLock: a second sweep in this same process is refused too).
  const lock = acquireResultsLock(options.out, 'bench sweep');
  try {
    return await runSweepUnderLock(options);
  } finally {
    lock.release();
  }
}

async function runSweepUnderLock(options: RunSweepOptions): Promise<SweepSummary> {
  const total = options.cells.length;
  const summary: SweepSummary = { ran: [], skipped: [] };
  if (options.resume) {
    const repair = repairForResume(options.out, { retryFailed: options.retryFailed });
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
