/**
 * Reports drawn from result records alone: terminal tables, CSV, and one self-contained HTML
 * page with charts (Vega-Lite, inlined) that opens offline.
 */
import type { ResultRecord } from '@bench/core';
import type { DuplicateCell } from './duplicate-cells';

/** Options of `buildReport` / `writeReport`. */
export interface ReportOptions {
  /** Page title, default "Bench report". */
  title?: string;
  /**
   * E2's target validation accuracy (0..1) for "fastest batch size to accuracy"; default 0.9,
   * as `bench run e2`. When no batch size reaches it, the report says so and shows the best
   * accuracy reached as such.
   */
  targetAccuracy?: number;
  /** At most this many telemetry timelines (one per run), default 24. */
  maxTimelines?: number;
}

/** A rendered report. */
export interface Report {
  html: string;
  csv: string;
  /** fastai-style tables and summaries for a terminal. */
  text: string;
  /** Ids of the charts in the HTML page, in order. */
  charts: string[];
  /** Lines of the input that were not valid records (from `readRecords`). */
  invalid: { line: number; error: string }[];
  /** Sweep cells with more than one run record (two writers, or files merged twice). */
  duplicates: DuplicateCell[];
}

/** Input of `writeReport`: a results file (or several) and where to write. */
export interface WriteReportOptions extends ReportOptions {
  input: string | string[];
  html?: string;
  csv?: string;
}

export type { ResultRecord, DuplicateCell };
