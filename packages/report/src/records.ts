/**
 * Grouping helpers over result records: runs by id, labels for legends, and typed filters.
 */
import type { EpochRecord, PredictionsRecord, ResultRecord, RunRecord, TelemetryRecord } from '@bench/core';

/** Records split by kind, in file order. */
export interface RecordsByKind {
  epochs: EpochRecord[];
  runs: RunRecord[];
  telemetry: TelemetryRecord[];
  predictions: PredictionsRecord[];
}

/** Splits records by kind. */
export function byKind(records: readonly ResultRecord[]): RecordsByKind {
  const out: RecordsByKind = { epochs: [], runs: [], telemetry: [], predictions: [] };
  for (const r of records) {
    if (r.kind === 'epoch') out.epochs.push(r);
    else if (r.kind === 'run') out.runs.push(r);
    else if (r.kind === 'telemetry') out.telemetry.push(r);
    else if (r.kind === 'predictions') out.predictions.push(r);
  }
  return out;
}

/** A short human label of a run: backend, model size, batch size, repeat. */
export function runLabel(r: {
  backend: string;
  batchSize: number;
  layers?: number;
  model?: string;
  repeat?: number;
}): string {
  const size = r.layers !== undefined ? ` ${r.layers} layers` : r.model ? ` ${r.model}` : '';
  return `${r.backend}${size} bs${r.batchSize}${r.repeat ? ` #${r.repeat}` : ''}`;
}

/** Groups items by a key, keeping first-seen order. */
export function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) {
    const k = key(it);
    const list = m.get(k);
    if (list) list.push(it);
    else m.set(k, [it]);
  }
  return m;
}

const EXPERIMENT_TITLES: Record<string, string> = {
  e1: 'E1 — image classifier, CPU vs GPU',
  e2: 'E2 — batch-size sweep',
  e3: 'E3 — model-size crossover',
  e4: 'E4 — CIFAR-10 CNN, CPU vs GPU',
};

/** The heading of an experiment's section: the study's title for E1-E4, else its name. */
export function experimentTitle(experiment: string): string {
  return EXPERIMENT_TITLES[experiment] ?? `Experiment ${experiment}`;
}
