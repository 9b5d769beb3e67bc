/**
 * The run table of an experiment: one row per run, grouped by backend, with warm-up apart from
 * the steady state (median of the epochs after the first), MFU where the record has it, and, for a
 * failed run, the model and batch size it was asked for.
 */
import type { EpochRecord, RunRecord } from '@bench/core';
import { formatRate } from './format-rate';
import { escapeHtml } from './html-escape';
import { groupBy } from './records';
import { steadyState } from './steady-state';

const DASH = '—';
const mib = (b: number | undefined) => (b === undefined ? DASH : (b / 1048576).toFixed(0));
const fix = (v: number | null | undefined, d = 2) => (v === undefined || v === null ? DASH : v.toFixed(d));

/** The model of a run as a user named it: `model`, else the E3 layer count, else a dash. */
export function modelName(r: { model?: string; layers?: number }): string {
  return r.model ?? (r.layers !== undefined ? `mlp-${r.layers}` : DASH);
}

/** Runs in table order: by backend (first seen), then parameters, batch size and repeat. */
export function orderRuns(runs: readonly RunRecord[]): RunRecord[] {
  return [...groupBy(runs, (r) => r.backend).values()].flatMap((g) =>
    [...g].sort(
      (a, b) =>
        (a.layers ?? 0) - (b.layers ?? 0) ||
        a.params - b.params ||
        a.batchSize - b.batchSize ||
        (a.repeat ?? 0) - (b.repeat ?? 0),
    ),
  );
}

const HEAD: [string, string][] = [
  ['backend', 'l'],
  ['model', 'l'],
  ['batch', ''],
  ['params', ''],
  ['status', 'l'],
  ['device', 'l device'],
  ['compile s', ''],
  ['warm-up epoch s', ''],
  ['steady s/epoch', ''],
  ['steady samples/s', ''],
  ['MFU', ''],
  ['train s', ''],
  ['valid error', ''],
  ['peak RSS MiB', ''],
  ['peak GPU MiB', ''],
  ['GPU util %', ''],
  ['reason / warnings', 'l'],
];

/** The HTML table of the runs; steady-state figures come from the runs' epoch records. */
export function renderRunsTable(runs: readonly RunRecord[], epochs: readonly EpochRecord[]): string {
  const byRun = groupBy(epochs, (e) => e.runId);
  const rows = orderRuns(runs).map((r) => {
    const ok = r.status === 'ok';
    const s = steadyState(byRun.get(r.runId) ?? []);
    const note = [r.error, ...(r.warnings ?? [])].filter(Boolean).join(' | ');
    // A run that failed before its model was built has no parameter count: say so, not "0".
    const params = !ok && r.params === 0 ? DASH : r.params.toLocaleString('en-US');
    const star = s.includesWarmup ? '*' : '';
    const cells = [
      escapeHtml(r.backend),
      escapeHtml(modelName(r)),
      String(r.batchSize),
      params,
      `${r.status}`,
      escapeHtml(r.device),
      fix(r.warmupSeconds, 3),
      fix(s.firstEpochSeconds, 3),
      s.epochSeconds === null ? DASH : `${s.epochSeconds.toFixed(3)}${star}`,
      s.samplesPerSecond === null ? DASH : `${formatRate(s.samplesPerSecond)}${star}`,
      r.mfu === undefined ? DASH : `${(r.mfu * 100).toFixed(2)}%`,
      fix(r.trainSeconds ?? (ok ? r.totalSeconds : undefined)),
      fix(r.finalErrorRate, 4),
      mib(r.peakRssBytes),
      mib(r.peakDeviceBytes),
      fix(r.meanGpuUtilPercent, 0),
      escapeHtml(note),
    ];
    return `<tr class="run-row" data-status="${escapeHtml(r.status)}">${cells
      .map((c, i) => {
        const cls = [HEAD[i][1], i === 4 && !ok ? 'bad' : ''].filter(Boolean).join(' ');
        return `<td${cls ? ` class="${cls}"` : ''}>${c}</td>`;
      })
      .join('')}</tr>`;
  });
  const footnote = `<p class="caption">Steady state: median of the epochs after the first, from the epoch records; the first epoch (warm-up) is shown apart, as is compile s (compile + prepare, before the first step)${rows.some((r) => r.includes('*</td>')) ? '; * one epoch only, so it includes the warm-up' : ''}. MFU where the run record has it.</p>`;
  return `<table class="runs"><thead><tr>${HEAD.map(([h, c]) => `<th${c ? ` class="${c}"` : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>${footnote}`;
}
