/**
 * E4: training and validation loss and accuracy per epoch (two panels), one line per run and
 * split (train / valid).
 */
import type { EpochRecord } from '@bench/core';
import { groupBy, runLabel } from '../records';
import { type Chart, VL_SCHEMA } from './chart';

/** The curves chart, or null when no run has two or more timed epochs. */
export function curvesChart(epochs: readonly EpochRecord[], id = 'curves', maxRuns = 12): Chart | null {
  const runs = [...groupBy(epochs, (e) => e.runId).values()].filter((g) => g.length >= 2).slice(0, maxRuns);
  if (runs.length === 0) return null;
  const loss: object[] = [];
  const acc: object[] = [];
  for (const g of runs) {
    const run = runLabel(g[0]);
    for (const e of g) {
      loss.push({ run, epoch: e.epoch, split: 'train', value: e.trainLoss });
      if (e.validLoss !== null) loss.push({ run, epoch: e.epoch, split: 'valid', value: e.validLoss });
      if (e.trainErrorRate !== undefined && e.trainErrorRate !== null)
        acc.push({ run, epoch: e.epoch, split: 'train', value: 1 - e.trainErrorRate });
      if (e.errorRate !== null) acc.push({ run, epoch: e.epoch, split: 'valid', value: 1 - e.errorRate });
    }
  }
  const panel = (values: object[], title: string) => ({
    width: 300,
    height: 200,
    title,
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title, scale: { zero: false } },
      color: { field: 'run', type: 'nominal' },
      strokeDash: { field: 'split', type: 'nominal' },
      tooltip: [{ field: 'run' }, { field: 'split' }, { field: 'epoch' }, { field: 'value', format: '.4f' }],
    },
  });
  return {
    id,
    title: 'Loss and accuracy curves',
    caption: `Per epoch, solid = train, dashed = validation${runs.length === maxRuns ? ` (first ${maxRuns} runs)` : ''}. Accuracy is 1 - error rate.`,
    spec: {
      $schema: VL_SCHEMA,
      hconcat: [
        panel(loss, 'loss'),
        panel(acc.length ? acc : [{ run: '', epoch: 0, split: 'valid', value: 0 }], 'accuracy'),
      ],
    },
  };
}
