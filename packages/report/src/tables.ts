/**
 * fastai-style tables per run (epoch, train_loss, valid_loss, error_rate, time as mm:ss), as text
 * for the terminal and as HTML for the report, plus a one-line-per-run summary.
 */
import {
  type EpochRecord,
  type ResultRecord,
  type RunRecord,
  fastaiHeader,
  fastaiRow,
  formatTime,
} from '@bench/core';
import { formatRate } from './format-rate';
import { escapeHtml } from './html-escape';
import { byKind, groupBy, runLabel } from './records';
import { steadyState } from './steady-state';

/** One run's table: its label, run record (if any) and epoch rows in order. */
export interface RunTable {
  runId: string;
  label: string;
  run?: RunRecord;
  epochs: EpochRecord[];
}

/** Builds one table per run (runs without epochs but with a run record get an empty table). */
export function runTables(records: readonly ResultRecord[]): RunTable[] {
  const { epochs, runs } = byKind(records);
  const byRun = groupBy(epochs, (e) => e.runId);
  const ids = [...new Set([...runs.map((r) => r.runId), ...byRun.keys()])];
  return ids.map((runId) => {
    const run = runs.find((r) => r.runId === runId);
    const rows = (byRun.get(runId) ?? []).sort((a, b) => a.epoch - b.epoch);
    const first = run ?? rows[0];
    return { runId, label: runLabel(first), run, epochs: rows };
  });
}

function statusLine(run: RunRecord | undefined, epochs: readonly EpochRecord[]): string {
  if (!run) return 'no run record (interrupted?)';
  const bits = [`status ${run.status}`, `device ${run.device}`];
  if (run.status === 'ok' || run.params > 0) bits.push(`${run.params.toLocaleString('en-US')} params`);
  const s = steadyState(epochs);
  if (s.samplesPerSecond !== null)
    bits.push(
      `${formatRate(s.samplesPerSecond)} samples/s ${s.includesWarmup ? '(one epoch, warm-up included)' : 'steady state'}`,
    );
  if (s.firstEpochSeconds !== null) bits.push(`warm-up epoch ${s.firstEpochSeconds.toFixed(2)} s`);
  bits.push(`peak RSS ${(run.peakRssBytes / 1048576).toFixed(0)} MiB`);
  if (run.peakDeviceBytes !== undefined)
    bits.push(`peak GPU memory ${(run.peakDeviceBytes / 1048576).toFixed(0)} MiB`);
  if (run.mfu !== undefined)
    bits.push(
      `MFU ${(run.mfu * 100).toFixed(2)}%${run.peakFlops ? ` of ${(run.peakFlops / 1e9).toFixed(1)} GFLOP/s` : ''}${run.peakSource ? ` (peak: ${run.peakSource})` : ''}`,
    );
  return (
    bits.join(', ') +
    (run.error ? `\n  reason: ${run.error}` : '') +
    (run.warnings?.length ? `\n  warning: ${run.warnings.join('\n  warning: ')}` : '')
  );
}

/** The tables as terminal text, one block per run. */
export function renderTextTables(records: readonly ResultRecord[]): string {
  return runTables(records)
    .map((t) => {
      const phase = t.epochs.some((e) => e.phase !== undefined);
      const lines = [`${t.label} (${t.runId})`, `  ${statusLine(t.run, t.epochs)}`];
      if (t.epochs.length)
        lines.push(
          fastaiHeader(phase),
          ...t.epochs.map((e) => fastaiRow({ ...e, phase: phase ? (e.phase ?? '') : undefined })),
        );
      return lines.join('\n');
    })
    .join('\n\n');
}

const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : v.toFixed(6));

/** The tables as HTML (one `<table class="fastai">` per run, with its status line). */
export function renderHtmlTables(records: readonly ResultRecord[]): string {
  return runTables(records)
    .map((t) => {
      const status = t.run?.status ?? 'incomplete';
      const rows = t.epochs
        .map(
          (e) =>
            `<tr><td>${e.epoch}</td>${e.phase !== undefined ? `<td>${escapeHtml(e.phase)}</td>` : ''}<td>${num(e.trainLoss)}</td><td>${num(e.validLoss)}</td><td>${num(e.errorRate)}</td><td>${formatTime(e.seconds)}</td></tr>`,
        )
        .join('');
      const phase = t.epochs.some((e) => e.phase !== undefined);
      return `<div class="run status-${escapeHtml(status)}"><h3>${escapeHtml(t.label)}</h3><p class="status">${escapeHtml(statusLine(t.run, t.epochs)).replace(/\n/g, '<br>')}</p>${
        t.epochs.length
          ? `<table class="fastai"><thead><tr><th>epoch</th>${phase ? '<th>phase</th>' : ''}<th>train_loss</th><th>valid_loss</th><th>error_rate</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>`
          : ''
      }</div>`;
    })
    .join('\n');
}
