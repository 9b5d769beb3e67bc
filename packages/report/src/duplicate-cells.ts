/**
 * Cells that appear more than once in results: two writers on one file (or files merged twice)
 * run a cell twice, and its runs would silently count twice in medians and charts.
 */
import type { ResultRecord } from '@bench/core';

/** A sweep cell with more than one run record. */
export interface DuplicateCell {
  cellId: string;
  /** How many run records it has. */
  runs: number;
}

/** Sweep cells (records with a `cellId`) that have two or more run records, in first-seen order. */
export function duplicateCells(records: readonly ResultRecord[]): DuplicateCell[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    if (r.kind !== 'run' || r.cellId === undefined) continue;
    counts.set(r.cellId, (counts.get(r.cellId) ?? 0) + 1);
  }
  return [...counts].filter(([, n]) => n > 1).map(([cellId, runs]) => ({ cellId, runs }));
}

/** One warning line naming the duplicated cells (up to 10) and the fix, or undefined. */
export function describeDuplicates(dups: readonly DuplicateCell[]): string | undefined {
  if (dups.length === 0) return undefined;
  const shown = dups
    .slice(0, 10)
    .map((d) => `${d.cellId} (${d.runs} runs)`)
    .join(', ');
  return `warning: ${dups.length} cell(s) have more than one run record: ${shown}${dups.length > 10 ? ', ...' : ''}. Two writers ran them twice or files were merged twice; keep one run per cell (delete the extra records) so medians and charts do not count them twice`;
}
