/**
 * CSV of epoch and run records: one row per record, a `kind` column first, the union of both
 * record kinds' scalar fields after it (RFC 4180 quoting), so a spreadsheet can filter by kind.
 */
import type { ResultRecord } from '@bench/core';

const FIRST = [
  'kind',
  'runId',
  'cellId',
  'experiment',
  'backend',
  'device',
  'batchSize',
  'params',
  'layers',
  'model',
  'repeat',
];

function cell(v: unknown): string {
  if (v === undefined || v === null) return '';
  let s = Array.isArray(v) ? v.join('; ') : typeof v === 'object' ? JSON.stringify(v) : String(v);
  // Formula injection: a spreadsheet runs a text cell starting with = + - @ (or tab / CR) as a
  // formula; a leading apostrophe keeps it text (OWASP). Numbers (e.g. -0.5) stay numbers.
  if (typeof v !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Renders the epoch and run records as CSV (telemetry and predictions are left out: they are
 * traces and images, see the HTML report). Columns: the identifying fields, then every other
 * field seen, in first-seen order; `host` is flattened to `host.hostname` and so on.
 */
export function renderCsv(records: readonly ResultRecord[]): string {
  const rows = records
    .filter((r) => r.kind === 'epoch' || r.kind === 'run')
    .map((r) => {
      const flat: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(r)) {
        if (k === 'host' && v && typeof v === 'object')
          for (const [hk, hv] of Object.entries(v)) flat[`host.${hk}`] = hv;
        else flat[k] = v;
      }
      return flat;
    });
  const columns = [...FIRST];
  for (const row of rows) for (const k of Object.keys(row)) if (!columns.includes(k)) columns.push(k);
  return `${[columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\n')}\n`;
}
