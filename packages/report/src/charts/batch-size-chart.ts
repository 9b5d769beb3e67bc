/**
 * E2: time, error, utilisation and peak memory per batch size, side by side, one line per
 * backend; medians over repeats of `ok` runs.
 */
import type { RunRecord } from '@bench/core';
import { median } from '@bench/core';
import { groupBy } from '../records';
import { type Chart, VL_SCHEMA } from './chart';

/** One point per (backend, batch size). */
export interface BatchSizePoint {
  backend: string;
  batchSize: number;
  secondsPerEpoch: number | null;
  errorRate: number | null;
  utilPercent: number | null;
  peakMemoryMiB: number | null;
}

/** Medians per backend and batch size; `gpu` says whether GPU (else CPU/RSS) figures are used. */
export function batchSizePoints(runs: readonly RunRecord[]): { points: BatchSizePoint[]; gpu: boolean } {
  // Only series (experiment, backend, model size) that ran two or more batch sizes.
  const series = (r: RunRecord) =>
    `${r.experiment}\u0000${r.backend}\u0000${r.layers ?? ''}\u0000${r.model ?? ''}`;
  const multi = new Set(
    [...groupBy(runs, series)]
      .filter(([, g]) => new Set(g.map((r) => r.batchSize)).size >= 2)
      .map(([k]) => k),
  );
  const ok = runs.filter((r) => r.status === 'ok' && multi.has(series(r)));
  const gpu = ok.some((r) => r.meanGpuUtilPercent !== undefined || r.peakDeviceBytes !== undefined);
  const med = (xs: (number | null | undefined)[]) =>
    median(xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)));
  const size = (r: RunRecord) =>
    r.layers !== undefined ? ` ${r.layers} layers` : r.model ? ` ${r.model}` : '';
  const points = [...groupBy(ok, (r) => `${series(r)}\u0000${r.batchSize}`).values()].map((g) => ({
    backend: `${g[0].backend}${size(g[0])}`,
    batchSize: g[0].batchSize,
    secondsPerEpoch: med(g.map((r) => (r.trainSeconds ?? r.totalSeconds) / Math.max(1, r.epochs))),
    errorRate: med(g.map((r) => r.finalErrorRate)),
    utilPercent: med(g.map((r) => (gpu ? r.meanGpuUtilPercent : r.meanCpuPercent))),
    peakMemoryMiB: med(g.map((r) => ((gpu ? r.peakDeviceBytes : r.peakRssBytes) ?? Number.NaN) / 1048576)),
  }));
  return { points: points.sort((a, b) => a.batchSize - b.batchSize), gpu };
}

/** The E2 chart, or null when no backend and model size ran two or more batch sizes (ok). */
export function batchSizeChart(runs: readonly RunRecord[], id = 'batch-sizes'): Chart | null {
  const { points, gpu } = batchSizePoints(runs);
  if (points.length === 0) return null;
  const panel = (field: keyof BatchSizePoint, title: string) => ({
    width: 200,
    height: 160,
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'batchSize', type: 'ordinal', title: 'batch size' },
      y: { field, type: 'quantitative', title, axis: { format: ',.3~r' } },
      color: { field: 'backend', type: 'nominal' },
      tooltip: [{ field: 'backend' }, { field: 'batchSize' }, { field, format: '.3~f' }],
    },
  });
  return {
    id,
    title: 'Batch sizes side by side',
    caption: `Medians over repeats of runs that ended ok; ${gpu ? 'GPU utilisation and GPU memory (nvidia-smi, whole device)' : 'CPU utilisation and peak RSS (no GPU telemetry)'}. Batch sizes that failed are listed in the table below.`,
    spec: {
      $schema: VL_SCHEMA,
      data: { values: points },
      // A panel without any value (no telemetry sampled) is left out rather than drawn empty.
      hconcat: (
        [
          ['secondsPerEpoch', 'seconds per epoch'],
          ['errorRate', 'final error rate'],
          ['utilPercent', gpu ? 'mean GPU util %' : 'mean CPU %'],
          ['peakMemoryMiB', gpu ? 'peak GPU memory MiB' : 'peak RSS MiB'],
        ] as const
      )
        .filter(([field]) => points.some((p) => p[field] !== null))
        .map(([field, title]) => panel(field, title)),
    },
  };
}
