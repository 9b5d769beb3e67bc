/**
 * Builds a report (HTML, CSV, text) from result records, and writes one from results files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type ResultRecord,
  type RunRecord,
  fastestToAccuracy,
  readRecords,
  summarizeRepeats,
} from '@bench/core';
import { batchSizeChart } from './charts/batch-size-chart';
import type { Chart } from './charts/chart';
import { crossoverChart, crossoverData } from './charts/crossover-chart';
import { curvesChart } from './charts/curves-chart';
import { telemetryChart } from './charts/telemetry-chart';
import { renderCsv } from './csv';
import { escapeHtml } from './html-escape';
import { type PageSection, renderPage } from './html-page';
import { renderPredictionsGrid } from './predictions-grid';
import { byKind, groupBy, runLabel } from './records';
import type { Report, ReportOptions, WriteReportOptions } from './report';
import { renderHtmlTables, renderTextTables } from './tables';
import { loadVegaRuntime } from './vega-runtime';

const mib = (b: number | undefined) => (b === undefined ? '' : (b / 1048576).toFixed(0));
const fix = (v: number | null | undefined, d = 2) => (v === undefined || v === null ? '' : v.toFixed(d));

function runsTable(runs: readonly RunRecord[]): string {
  const head = [
    'run',
    'status',
    'device',
    'batch',
    'params',
    'seconds',
    'samples/s',
    'MFU %',
    'error rate',
    'peak RSS MiB',
    'peak GPU MiB',
    'GPU util %',
    'reason / warnings',
  ];
  const rows = runs.map((r) => {
    const note = [r.error, ...(r.warnings ?? [])].filter(Boolean).join(' | ');
    return `<tr><td class="l">${escapeHtml(runLabel(r))}</td><td class="l${r.status === 'ok' ? '' : ' bad'}">${r.status}</td><td class="l">${escapeHtml(r.device)}</td><td>${r.batchSize}</td><td>${r.params.toLocaleString('en-US')}</td><td>${fix(r.trainSeconds ?? r.totalSeconds)}</td><td>${fix(r.samplesPerSecond, 1)}</td><td title="${escapeHtml(r.peakSource ?? '')}">${r.mfu === undefined ? '' : fix(r.mfu * 100, 2)}</td><td>${fix(r.finalErrorRate, 4)}</td><td>${mib(r.peakRssBytes)}</td><td>${mib(r.peakDeviceBytes)}</td><td>${fix(r.meanGpuUtilPercent, 0)}</td><td class="l">${escapeHtml(note)}</td></tr>`;
  });
  return `<table><thead><tr>${head.map((h, i) => `<th${i === 0 || i >= 12 ? ' class="l"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Per backend with two or more batch sizes: which reached the target accuracy fastest. */
function fastestLines(
  records: readonly ResultRecord[],
  runs: readonly RunRecord[],
  target?: number,
): string[] {
  const { epochs } = byKind(records);
  const lines: string[] = [];
  for (const [backend, group] of groupBy(runs, (r) => r.backend)) {
    if (new Set(group.map((r) => r.batchSize)).size < 2) continue;
    const mine = epochs.filter((e) => e.backend === backend && e.errorRate !== null);
    // Default target: the best accuracy that every run of this backend reached.
    const best = [...groupBy(mine, (e) => e.runId).values()].map((g) =>
      Math.max(...g.map((e) => 1 - (e.errorRate as number))),
    );
    const t = target ?? (best.length ? Math.min(...best) : undefined);
    if (t === undefined || !Number.isFinite(t)) continue;
    const f = fastestToAccuracy(records, t, backend);
    lines.push(
      f.fastest
        ? `${backend}: batch size ${f.fastest.batchSize} reached ${(t * 100).toFixed(1)}% validation accuracy fastest (${f.fastest.seconds?.toFixed(2)} s wall, epoch ${f.fastest.epoch}); ${f.perBatchSize.map((p) => `bs${p.batchSize}: ${p.seconds === null ? 'never' : `${p.seconds.toFixed(2)} s`}`).join(', ')}.`
        : `${backend}: no batch size reached ${(t * 100).toFixed(1)}% validation accuracy.`,
    );
  }
  return lines;
}

/** Builds the HTML page, the CSV and the terminal text from records. */
export async function buildReport(
  records: readonly ResultRecord[],
  options: ReportOptions = {},
): Promise<Report> {
  const title = options.title ?? 'Bench report';
  const { epochs, runs, telemetry, predictions } = byKind(records);
  const sections: PageSection[] = [];
  const counts = [...groupBy(runs, (r) => r.status)].map(([s, g]) => `${g.length} ${s}`).join(', ');
  sections.push({
    title: 'Runs',
    html: `<p>${records.length} records, ${runs.length} runs (${counts || 'none'}); generated ${escapeHtml(new Date().toISOString())}.</p>${runsTable(runs)}`,
  });
  const repeats = summarizeRepeats(runs).filter((s) => s.runs > 1);
  if (repeats.length) {
    sections.push({
      title: 'Repeats',
      html: `<table><thead><tr><th class="l">cell</th><th>ok / runs</th><th>median s</th><th>min s</th><th>max s</th><th>std s</th><th>median samples/s</th></tr></thead><tbody>${repeats
        .map(
          (s) =>
            `<tr><td class="l">${escapeHtml(s.key)}</td><td>${s.okRuns} / ${s.runs}</td><td>${fix(s.medianSeconds, 3)}</td><td>${fix(s.minSeconds, 3)}</td><td>${fix(s.maxSeconds, 3)}</td><td>${fix(s.stdSeconds, 3)}</td><td>${fix(s.medianSamplesPerSecond, 1)}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    });
  }
  const charts: Chart[] = [];
  const e2 = batchSizeChart(runs);
  const fastest = fastestLines(records, runs, options.targetAccuracy);
  if (e2) {
    charts.push(e2);
    sections.push({
      title: 'Batch sizes',
      charts: [e2],
      html: fastest.map((l) => `<p>${escapeHtml(l)}</p>`).join(''),
    });
  }
  const e3 = crossoverChart(runs);
  if (e3) {
    charts.push(e3);
    sections.push({ title: 'Model size crossover', charts: [e3] });
  }
  const curves = curvesChart(epochs);
  if (curves) {
    charts.push(curves);
    sections.push({ title: 'Training curves', charts: [curves] });
  }
  if (predictions.length)
    sections.push({ title: 'Predictions', html: predictions.map((p) => renderPredictionsGrid(p)).join('') });
  const timelines = telemetry
    .slice(0, options.maxTimelines ?? 24)
    .map((t, i) => telemetryChart(t, `telemetry-${i}`))
    .filter((c): c is Chart => c !== null);
  if (timelines.length) {
    charts.push(...timelines);
    sections.push({ title: 'Telemetry', charts: timelines });
  }
  sections.push({ title: 'Epochs per run', html: renderHtmlTables(records) });

  const text = [
    renderTextTables(records),
    ...fastest,
    ...(e3 ? crossoverData(runs).crossovers.map((c) => c.description) : []),
  ].join('\n\n');
  const html = renderPage(title, sections, await loadVegaRuntime());
  return { html, csv: renderCsv(records), text, charts: charts.map((c) => c.id), invalid: [] };
}

/**
 * Reads results files (skipping and reporting invalid lines), builds the report and writes the
 * HTML and CSV where asked. Returns the report.
 */
export async function writeReport(options: WriteReportOptions): Promise<Report> {
  const inputs = Array.isArray(options.input) ? options.input : [options.input];
  const records: ResultRecord[] = [];
  const invalid: Report['invalid'] = [];
  for (const path of inputs) {
    const read = readRecords(path);
    records.push(...read.records);
    invalid.push(...read.invalid);
  }
  const report = { ...(await buildReport(records, options)), invalid };
  for (const [path, content] of [
    [options.html, report.html],
    [options.csv, report.csv],
  ] as const) {
    if (!path) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content, 'utf8');
  }
  return report;
}
