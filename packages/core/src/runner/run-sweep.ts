/**
 * `runSweep`: runs cells one at a time, each in its own child process, appending each cell's
 * records to the results file in one write when the cell ends. A parent killed mid-sweep leaves
 * only whole cells behind; `resume` skips cells that already have a run record.
 */
import { existsSync } from 'node:fs';
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

/**
 * Runs every cell (skipping completed ones when `resume` is set) and appends its records to
 * `out` with one `appendRecords` call per cell. A cell that fails in any way still gets a run
 * record with its status and reason, and the sweep goes on. Cells run one at a time, so timings
 * do not compete for the machine.
 */
export async function runSweep(options: RunSweepOptions): Promise<SweepSummary> {
  const total = options.cells.length;
  const done = options.resume ? completedCellIds(options.out) : new Set<string>();
  const summary: SweepSummary = { ran: [], skipped: [] };
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
