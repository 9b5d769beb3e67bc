/**
 * Median and spread over the repeats of each sweep cell, from run records.
 */
import type { RunRecord } from '../results/schema';
import { steadyTrainSeconds } from './summarize-run';

/** The repeats of one cell (same experiment, backend, batch size and model size). */
export interface RepeatSummary {
  /** The cell id without its `/r<repeat>` suffix. */
  key: string;
  experiment: string;
  backend: string;
  batchSize: number;
  layers?: number;
  model?: string;
  params: number;
  /** Repeats that ended `ok`, and all repeats. */
  okRuns: number;
  runs: number;
  /** Median, min, max and (sample) standard deviation of the measured seconds over ok repeats. */
  medianSeconds: number | null;
  minSeconds: number | null;
  maxSeconds: number | null;
  stdSeconds: number | null;
  /** Median samples per second over ok repeats. */
  medianSamplesPerSecond: number | null;
  /** Median final error rate over ok repeats. */
  medianErrorRate: number | null;
}

/** Median of numbers (mean of the middle two for an even count); null when empty. */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function std(xs: readonly number[]): number | null {
  if (xs.length < 2) return xs.length ? 0 : null;
  const mu = xs.reduce((a, b) => a + b, 0) / xs.length;
  return Math.sqrt(xs.reduce((a, x) => a + (x - mu) ** 2, 0) / (xs.length - 1));
}

/**
 * Groups run records by cell (ignoring the repeat) and reports median and spread of their
 * steady-state training seconds (`steadyTrainSeconds`) over the repeats that ended `ok`.
 */
export function summarizeRepeats(records: readonly { kind: string }[]): RepeatSummary[] {
  const groups = new Map<string, RunRecord[]>();
  for (const r of records) {
    if (r.kind !== 'run') continue;
    const run = r as RunRecord;
    const key = run.cellId
      ? run.cellId.replace(/\/r\d+$/, '')
      : [run.experiment, run.backend, `bs${run.batchSize}`, run.layers ?? '', run.model ?? ''].join('/');
    const group = groups.get(key); // push, not copy: linear in records
    if (group) group.push(run);
    else groups.set(key, [run]);
  }
  return [...groups.entries()].map(([key, runs]) => {
    const ok = runs.filter((r) => r.status === 'ok');
    const secs = ok.map(steadyTrainSeconds);
    const first = runs[0];
    return {
      key,
      experiment: first.experiment,
      backend: first.backend,
      batchSize: first.batchSize,
      ...(first.layers !== undefined ? { layers: first.layers } : {}),
      ...(first.model !== undefined ? { model: first.model } : {}),
      params: first.params,
      okRuns: ok.length,
      runs: runs.length,
      medianSeconds: median(secs),
      minSeconds: secs.length ? Math.min(...secs) : null,
      maxSeconds: secs.length ? Math.max(...secs) : null,
      stdSeconds: std(secs),
      medianSamplesPerSecond: median(
        ok.map((r) => r.samplesPerSecond).filter((v): v is number => v !== undefined),
      ),
      medianErrorRate: median(
        ok.map((r) => r.finalErrorRate).filter((v): v is number => typeof v === 'number'),
      ),
    };
  });
}
