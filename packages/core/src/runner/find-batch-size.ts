/**
 * The batch-size finder: the largest batch size that fits in memory (double until a cell runs
 * out of memory, then binary search between the last fit and the first OOM), and, from the
 * epoch records of the attempts, the batch size fastest to a target accuracy.
 */
import { BenchError } from '../errors';
import { appendRecords } from '../results/jsonl';
import type { ResultRecord, RunStatus } from '../results/schema';
import { cellIdOf } from './expand-plan';
import { type FastestToAccuracy, fastestToAccuracy } from './fastest-to-accuracy';
import { runCellInChild } from './run-cell-in-child';
import type { CellRunOptions } from './sweep-events';
import type { SweepCell } from './sweep-plan';

/** One tried batch size. */
export interface BatchAttempt {
  batchSize: number;
  status: RunStatus;
  reason?: string;
  seconds: number;
  peakRssBytes: number;
  peakDeviceBytes?: number;
  /** 'double' while growing, 'bisect' during the binary search. */
  phase: 'double' | 'bisect';
}

/** Options of `findBatchSize`. */
export interface FindBatchSizeOptions extends CellRunOptions {
  /** The cell to vary (its batch size and id are replaced per attempt). */
  template: Omit<SweepCell, 'id' | 'cellId' | 'batchSize'> & Partial<Pick<SweepCell, 'batchSize'>>;
  /** First batch size, default 16. */
  start?: number;
  /** Largest batch size to try. */
  max: number;
  /** Binary search stops when the gap between fit and OOM is at most this, default 1. */
  granularity?: number;
  /** Results file: every attempt's records are appended here when given. */
  out?: string;
  /** Also report the batch size fastest to this validation accuracy (0..1). */
  targetAccuracy?: number;
}

/** What the finder found. */
export interface BatchSizeSearch {
  /** Largest batch size that ran `ok`; null when even `start` did not fit. */
  largestFit: number | null;
  /** Smallest batch size that ran out of memory; null when `max` fit. */
  firstOom: number | null;
  /** Every attempt in order. */
  attempts: BatchAttempt[];
  /** Set when the search stopped on a failure that is not OOM (status and reason). */
  stoppedBy?: { batchSize: number; status: RunStatus; reason?: string };
  /** From the attempts' epoch records, when `targetAccuracy` was given. */
  fastest?: FastestToAccuracy;
  /** Every record of every attempt. */
  records: ResultRecord[];
}

/**
 * Runs the template cell at growing batch sizes (start, 2x start, ... up to max) until one ends
 * `oom`, then bisects between the last size that fit and the first that did not. Only `ok`
 * counts as a fit; a cell that fails for another reason (crash, timeout, divergence) stops the
 * search and is reported in `stoppedBy`, since it says nothing about memory.
 */
export async function findBatchSize(options: FindBatchSizeOptions): Promise<BatchSizeSearch> {
  const start = options.start ?? 16;
  const granularity = options.granularity ?? 1;
  for (const [name, v] of [
    ['start', start],
    ['max', options.max],
    ['granularity', granularity],
  ] as const) {
    if (!Number.isInteger(v) || v < 1) {
      throw new BenchError(
        'BenchError.InvalidOption',
        `findBatchSize: ${name} = ${v} must be a positive integer`,
      );
    }
  }
  if (start > options.max) {
    throw new BenchError(
      'BenchError.InvalidOption',
      `findBatchSize: start = ${start} is larger than max = ${options.max}; lower --start or raise --max`,
    );
  }
  const search: BatchSizeSearch = { largestFit: null, firstOom: null, attempts: [], records: [] };
  const attempt = async (batchSize: number, phase: BatchAttempt['phase']): Promise<RunStatus> => {
    const coords = { ...options.template, batchSize };
    const id = `${cellIdOf(coords)}/find-${search.attempts.length}`;
    const cell: SweepCell = { ...coords, id, cellId: id } as SweepCell;
    const result = await runCellInChild(cell, options, {
      index: search.attempts.length,
      total: search.attempts.length + 1,
    });
    if (options.out) appendRecords(options.out, result.records);
    search.records.push(...result.records);
    search.attempts.push({
      batchSize,
      status: result.status,
      ...(result.reason ? { reason: result.reason } : {}),
      seconds: result.seconds,
      peakRssBytes: result.run.peakRssBytes,
      ...(result.run.peakDeviceBytes !== undefined ? { peakDeviceBytes: result.run.peakDeviceBytes } : {}),
      phase,
    });
    if (result.status === 'ok') search.largestFit = Math.max(search.largestFit ?? 0, batchSize);
    else if (result.status === 'oom')
      search.firstOom = Math.min(search.firstOom ?? Number.POSITIVE_INFINITY, batchSize);
    else search.stoppedBy = { batchSize, status: result.status, reason: result.reason };
    return result.status;
  };

  for (let bs = start; ; bs = Math.min(bs * 2, options.max)) {
    const status = await attempt(bs, 'double');
    if (status !== 'ok' || bs >= options.max) break;
  }
  while (
    !search.stoppedBy &&
    search.largestFit !== null &&
    search.firstOom !== null &&
    search.firstOom - search.largestFit > granularity
  ) {
    const mid = Math.floor((search.largestFit + search.firstOom) / 2);
    await attempt(mid, 'bisect');
  }
  if (options.targetAccuracy !== undefined)
    search.fastest = fastestToAccuracy(search.records, options.targetAccuracy);
  return search;
}
