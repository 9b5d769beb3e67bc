/**
 * The E1 ResNet-18 raw file's rows and the README's table drawn from them. Works on a partial
 * file too (a run stopped midway): a row still `running` is summarised from the steps it wrote.
 */
import { formatRate } from '@bench/report';
import { type SpeedSummary, type StepRecord, summarizeSteps } from './steps';

/** PyTorch's same step (e1/torch_e1.py's output). */
export interface TorchRun {
  samplesPerSecond: number;
  secondsPerEpoch: number;
  stepSeconds: number[];
  warmupStepSeconds: number[];
  [k: string]: unknown;
}
export type TorchResult = TorchRun | { status: string };

/** One backend of a run, as the raw file holds it. */
export interface Row {
  backend: string;
  kind: string;
  budgetMinutes: number;
  /** running | complete | budget exhausted | failed | unavailable | crashed */
  status: string;
  why?: string;
  device?: string;
  loadAverageAtStart: number[];
  loadAverageAtEnd?: number[];
  /** PyTorch's same step just before and just after the backend (the load changes by the minute). */
  pytorchBefore: TorchResult;
  pytorchAfter?: TorchResult;
  /** Mean of the two PyTorch samples/s; the ratio's denominator. */
  pytorchSamplesPerSecond?: number | null;
  wallSeconds?: number;
  compileSeconds?: number;
  warmupStepSeconds?: number;
  steps: StepRecord[];
  summary?: SpeedSummary;
  ratioToTorch?: number | null;
  stderrTail?: string;
}

const torchRate = (t?: TorchResult) => (t && 'samplesPerSecond' in t ? t.samplesPerSecond : null);

/**
 * The fastest PyTorch measurement of the run: the closest this shared machine came to an idle
 * PyTorch, the denominator of the second, conservative ratio column.
 */
export function fastestTorch(rows: readonly Row[]): number | null {
  const rates = rows.flatMap((r) => [torchRate(r.pytorchBefore), torchRate(r.pytorchAfter)]);
  const known = rates.filter((v): v is number => v !== null);
  return known.length ? Math.max(...known) : null;
}

/** The README's table: one row per backend, bounds marked (≤ / ≥ / >) where the basis is one. */
export function markdownTable(rows: readonly Row[], batch: number, epochImages: number): string {
  const best = fastestTorch(rows);
  const load = (l?: number[]) => (l ? l[0]!.toFixed(1) : '—');
  const head = [
    "| backend | status | basis | s/step | samples/s | s/epoch (320 img) | PyTorch samples/s before / after | ratio to PyTorch (mean of before/after) | ratio to the run's fastest PyTorch | warm-up step s | load avg start → end |",
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  const lines = rows.map((r) => {
    const s = r.summary ?? summarizeSteps(r.steps, batch, epochImages);
    const status =
      r.status === 'running' ? 'not finished (still running, or the run was stopped here)' : r.status;
    const upper = s.basis.startsWith('first step');
    const stepBound = upper ? '≤ ' : s.basis.startsWith('no step') ? '> ' : '';
    const rateBound = upper ? '≥ ' : '';
    const cell = (v: number | null, bound: string) => (v === null ? '—' : `${bound}${formatRate(v)}`);
    const ratio = (v: number | null | undefined) => (v == null ? '—' : `${rateBound}${formatRate(v)}x`);
    const vsBest = best !== null && s.samplesPerSecond !== null ? s.samplesPerSecond / best : null;
    return `| ${[
      `${r.backend}${r.kind === 'CPU backend' ? '' : ` (${r.kind})`}`,
      `${status}${r.why ? `: ${r.why}` : ''}`,
      s.secondsPerStep === null ? '—' : `${s.basis}${s.stepsUsed > 1 ? ` (${s.stepsUsed})` : ''}`,
      cell(s.secondsPerStep, stepBound),
      cell(s.samplesPerSecond, rateBound),
      cell(s.secondsPerEpoch, stepBound),
      `${formatRate(torchRate(r.pytorchBefore))} / ${formatRate(torchRate(r.pytorchAfter))}`,
      ratio(r.ratioToTorch),
      ratio(vsBest),
      formatRate(r.warmupStepSeconds),
      `${load(r.loadAverageAtStart)} → ${load(r.loadAverageAtEnd)}`,
    ].join(' | ')} |`;
  });
  return [...head, ...lines].join('\n');
}
