/**
 * Events a sweep reports while it runs (progress bars, logs), and the options of one cell's run.
 */
import type { ResultRecord, RunRecord, RunStatus } from '../results/schema';
import type { PeakPrecision } from '../telemetry/device-peaks';
import type { SweepCell } from './sweep-plan';

/** Something that happened in a sweep. `index` is the cell's 0-based position, `total` the count. */
export type SweepEvent =
  | { type: 'resume-repaired'; out: string; droppedRecords: number; droppedLines: number; backup: string }
  | { type: 'cell-skipped'; cell: SweepCell; index: number; total: number; reason: string }
  | { type: 'cell-start'; cell: SweepCell; index: number; total: number; pid: number }
  | { type: 'epoch'; cell: SweepCell; epoch: number; epochs: number }
  | { type: 'record'; cell: SweepCell; record: ResultRecord }
  | { type: 'stderr'; cell: SweepCell; line: string }
  | {
      type: 'cell-end';
      cell: SweepCell;
      index: number;
      total: number;
      status: RunStatus;
      reason?: string;
      run: RunRecord;
      seconds: number;
    };

/** How to run one cell in a child process. */
export interface CellRunOptions {
  /** Path (or file URL) of the worker module; it must call `runCellWorker`. */
  workerModule: string;
  /** Wall-clock limit per cell in milliseconds; past it the child is killed (`timeout`). */
  timeoutMs?: number;
  /** Memory limit per cell in MiB: `--max-old-space-size` plus an RSS watchdog (`oom`). */
  memoryLimitMb?: number;
  /** Telemetry interval in milliseconds, default 250. */
  telemetryIntervalMs?: number;
  /** nvidia-smi for GPU telemetry: `'auto'` (default), a path, or `false`. */
  nvidiaSmi?: 'auto' | string | false;
  /** Extra node flags for the child (e.g. `['--import', 'tsx']`). */
  execArgv?: string[];
  /** Environment of the child, default this process's (a plain record: no Node globals in public types). */
  env?: Record<string, string | undefined>;
  /** Peak FLOP/s for MFU (else `BENCH_PEAK_TFLOPS`, else the device table). */
  peakFlops?: number;
  /** Precision of the peak used for MFU, default fp32. */
  peakPrecision?: PeakPrecision;
  /** Receives progress events. */
  onEvent?: (event: SweepEvent) => void;
}

/** The outcome of one cell: every record to write (run record last) and how it ended. */
export interface CellResult {
  cell: SweepCell;
  status: RunStatus;
  reason?: string;
  records: ResultRecord[];
  run: RunRecord;
  seconds: number;
}
