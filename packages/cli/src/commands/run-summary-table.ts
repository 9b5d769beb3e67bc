/** The table `bench run` prints after its cells. */
import type { RunRecord } from '@bench/core';
import { formatRate } from '@bench/report';
import Table from 'cli-table3';

/**
 * One row per run: warm-up (compile s: compile + prepare), first epoch and steady-state epoch
 * apart, the seconds spent waiting for data (data s), errors, samples/s (steady state) and memory.
 */
export function summaryTable(runs: RunRecord[]): string {
  const table = new Table({
    head: [
      'backend',
      'model',
      'params',
      'batch',
      'status',
      'compile s',
      '1st epoch s',
      'median s/epoch',
      'train s',
      'data s',
      'train err',
      'valid err',
      'samples/s',
      'MFU',
      'peak RSS',
    ],
  });
  const pct = (v: number | null | undefined) =>
    v === null || v === undefined ? '' : `${(v * 100).toFixed(2)}%`;
  for (const r of runs) {
    table.push([
      r.backend,
      r.model ?? '',
      r.params.toLocaleString('en-US'),
      r.batchSize,
      r.status === 'ok' ? r.status : `${r.status}: ${(r.error ?? '').slice(0, 40)}`,
      r.warmupSeconds?.toFixed(3) ?? '',
      r.firstEpochSeconds?.toFixed(4) ?? '',
      r.medianEpochSeconds?.toFixed(4) ?? '',
      r.trainSeconds?.toFixed(3) ?? '',
      r.dataSeconds?.toFixed(3) ?? '',
      pct(r.finalTrainErrorRate),
      pct(r.finalErrorRate),
      r.samplesPerSecond ? formatRate(r.samplesPerSecond) : '',
      r.mfu === undefined ? '' : `${(r.mfu * 100).toFixed(2)}%`,
      `${(r.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    ]);
  }
  return table.toString();
}
