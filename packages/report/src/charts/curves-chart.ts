/**
 * Training and validation loss and accuracy per epoch: two panels (loss above accuracy) per
 * backend, backends side by side on shared axes, so a CPU and a GPU run read like the seed's two
 * figures; one line per run and split (train / valid) within a backend.
 */
import type { EpochRecord } from '@bench/core';
import { groupBy, runLabel } from '../records';
import { type Chart, VL_SCHEMA } from './chart';

interface CurvePoint {
  run: string;
  epoch: number;
  split: 'train' | 'valid';
  value: number;
}

/** A run's label within its backend's column (the backend is the column title). */
function labelWithinBackend(e: EpochRecord): string {
  return runLabel(e).slice(e.backend.length).trim() || e.backend;
}

/** Min and max of the values, padded a little, for axes shared by every backend. */
function domain(values: readonly CurvePoint[], fallback: [number, number]): [number, number] {
  if (values.length === 0) return fallback;
  const xs = values.map((v) => v.value);
  const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * The curves chart, or null when no run has two or more timed epochs. At most `maxRuns` runs are
 * drawn per backend.
 */
export function curvesChart(epochs: readonly EpochRecord[], id = 'curves', maxRuns = 6): Chart | null {
  const runs = [...groupBy(epochs, (e) => e.runId).values()].filter((g) => g.length >= 2);
  if (runs.length === 0) return null;
  const byBackend = groupBy(runs, (g) => g[0].backend);
  const columns: { backend: string; device: string; loss: CurvePoint[]; acc: CurvePoint[]; cut: boolean }[] =
    [];
  const order: string[] = [];
  for (const [backend, group] of byBackend) {
    const loss: CurvePoint[] = [];
    const acc: CurvePoint[] = [];
    // Runs in size order (model size, then batch size), so the legend reads bs8, bs16, bs32...
    const shown = [...group]
      .sort((a, b) => a[0].params - b[0].params || a[0].batchSize - b[0].batchSize)
      .slice(0, maxRuns);
    order.push(...shown.map((g) => labelWithinBackend(g[0])));
    for (const g of shown) {
      const run = labelWithinBackend(g[0]);
      for (const e of [...g].sort((a, b) => a.epoch - b.epoch)) {
        loss.push({ run, epoch: e.epoch, split: 'train', value: e.trainLoss });
        if (e.validLoss !== null) loss.push({ run, epoch: e.epoch, split: 'valid', value: e.validLoss });
        if (e.trainErrorRate !== undefined && e.trainErrorRate !== null)
          acc.push({ run, epoch: e.epoch, split: 'train', value: 1 - e.trainErrorRate });
        if (e.errorRate !== null) acc.push({ run, epoch: e.epoch, split: 'valid', value: 1 - e.errorRate });
      }
    }
    columns.push({ backend, device: group[0][0].device, loss, acc, cut: group.length > maxRuns });
  }
  const lossDomain = domain(
    columns.flatMap((c) => c.loss),
    [0, 1],
  );
  const accDomain = domain(
    columns.flatMap((c) => c.acc),
    [0, 1],
  );
  const panel = (values: CurvePoint[], title: string, yDomain: [number, number]) => ({
    width: 280,
    height: 170,
    data: { values },
    mark: { type: 'line', point: true, clip: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title, scale: { domain: yDomain, zero: false } },
      color: { field: 'run', type: 'nominal', title: 'run', sort: [...new Set(order)] },
      strokeDash: {
        field: 'split',
        type: 'nominal',
        scale: {
          domain: ['train', 'valid'],
          range: [
            [1, 0],
            [5, 3],
          ],
        },
      },
      tooltip: [{ field: 'run' }, { field: 'split' }, { field: 'epoch' }, { field: 'value', format: '.4f' }],
    },
  });
  const cut = columns.some((c) => c.cut);
  return {
    id,
    title: 'Loss and accuracy curves, backends side by side',
    caption: `Per epoch, solid = train, dashed = validation; accuracy is 1 - error rate; one column per backend on shared axes${cut ? ` (first ${maxRuns} runs per backend)` : ''}.`,
    spec: {
      $schema: VL_SCHEMA,
      hconcat: columns.map((c) => ({
        title: { text: c.backend, subtitle: c.device },
        vconcat: [panel(c.loss, 'loss', lossDomain), panel(c.acc.length ? c.acc : [], 'accuracy', accDomain)],
        resolve: { scale: { color: 'shared' } },
      })),
      resolve: { scale: { color: 'independent', strokeDash: 'shared' } },
    },
  };
}
