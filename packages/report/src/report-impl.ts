/**
 * Builds a report (HTML, CSV, text) from result records, and writes one from results files.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type ResultRecord, type RunRecord, readRecords, summarizeRepeats } from '@bench/core';
import { batchSizeChart } from './charts/batch-size-chart';
import type { Chart } from './charts/chart';
import { crossoverChart, crossoverData } from './charts/crossover-chart';
import { curvesChart } from './charts/curves-chart';
import { telemetryChart } from './charts/telemetry-chart';
import { renderCsv } from './csv';
import { describeDuplicates, duplicateCells } from './duplicate-cells';
import { escapeHtml } from './html-escape';
import { type PageBlock, type PageSection, renderPage } from './html-page';
import { renderPredictionsSideBySide } from './predictions-grid';
import { byKind, experimentTitle, groupBy } from './records';
import type { Report, ReportOptions, WriteReportOptions } from './report';
import { renderRunsTable as runsTable } from './runs-table';
import { renderHtmlTables, renderTextTables } from './tables';
import { DEFAULT_TARGET_ACCURACY, describeTimeToAccuracy, timeToAccuracy } from './time-to-accuracy';
import { loadVegaRuntime } from './vega-runtime';

const fix = (v: number | null | undefined, d = 2) => (v === undefined || v === null ? '' : v.toFixed(d));

function repeatsTable(runs: readonly RunRecord[]): string {
  const repeats = summarizeRepeats(runs).filter((s) => s.runs > 1);
  if (!repeats.length) return '';
  return `<h3>Repeats</h3><table><thead><tr><th class="l">cell</th><th>ok / runs</th><th>median s</th><th>min s</th><th>max s</th><th>std s</th><th>median samples/s</th></tr></thead><tbody>${repeats
    .map(
      (s) =>
        `<tr><td class="l">${escapeHtml(s.key)}</td><td>${s.okRuns} / ${s.runs}</td><td>${fix(s.medianSeconds, 3)}</td><td>${fix(s.minSeconds, 3)}</td><td>${fix(s.maxSeconds, 3)}</td><td>${fix(s.stdSeconds, 3)}</td><td>${fix(s.medianSamplesPerSecond, 1)}</td></tr>`,
    )
    .join('')}</tbody></table>`;
}

/** One experiment's section: runs, then the charts that its records support, then epochs. */
function experimentSection(
  experiment: string,
  records: readonly ResultRecord[],
  options: ReportOptions,
  charts: Chart[],
  text: string[],
): PageSection {
  const { epochs, runs, telemetry, predictions } = byKind(records);
  const slug = experiment.replace(/[^A-Za-z0-9_-]/g, '_');
  const blocks: PageBlock[] = [];
  const add = (chart: Chart | null) => {
    if (!chart) return;
    charts.push(chart);
    blocks.push({ chart });
  };
  const counts = [...groupBy(runs, (r) => r.status)].map(([s, g]) => `${g.length} ${s}`).join(', ');
  const backends = [...new Set(runs.map((r) => r.backend))];
  blocks.push({
    html: `<p>${runs.length} runs (${counts || 'none'}) on ${backends.length} backend${backends.length === 1 ? '' : 's'}: ${escapeHtml(backends.join(', '))}.</p>${runsTable(runs, epochs)}${repeatsTable(runs)}`,
  });
  const e2 = batchSizeChart(runs, `${slug}-batch-sizes`);
  if (e2) {
    const answers = timeToAccuracy(records, options.targetAccuracy ?? DEFAULT_TARGET_ACCURACY);
    add(e2);
    blocks.push({
      html: answers
        .map(
          (a) =>
            `<p class="answer${a.target.fastest ? '' : ' none'}">${escapeHtml(describeTimeToAccuracy(a))}</p>`,
        )
        .join(''),
    });
    text.push(...answers.map(describeTimeToAccuracy));
  }
  const e3 = crossoverChart(runs, `${slug}-crossover`);
  if (e3) {
    add(e3);
    text.push(...crossoverData(runs).crossovers.map((c) => `crossover ${c.a} vs ${c.b}: ${c.description}`));
  }
  add(curvesChart(epochs, `${slug}-curves`));
  if (predictions.length) {
    blocks.push({
      html: `<h3>Test predictions, backends side by side</h3>${renderPredictionsSideBySide(predictions, runs)}`,
    });
  }
  const timelines = telemetry
    .slice(0, options.maxTimelines ?? 24)
    .map((t, i) => telemetryChart(t, `${slug}-telemetry-${i}`));
  for (const t of timelines) add(t);
  blocks.push({
    html: `<details><summary>Epochs per run (${epochs.length} epoch records)</summary>${renderHtmlTables(records)}</details>`,
  });
  return { title: experimentTitle(experiment), id: `experiment-${slug}`, blocks };
}

/** Builds the HTML page, the CSV and the terminal text from records, one section per experiment. */
export async function buildReport(
  records: readonly ResultRecord[],
  options: ReportOptions = {},
): Promise<Report> {
  const title = options.title ?? 'Bench report';
  const { runs } = byKind(records);
  const charts: Chart[] = [];
  const text: string[] = [renderTextTables(records)];
  const groups = groupBy(records, (r) => r.experiment);
  const sections = [...groups].map(([experiment, mine]) =>
    experimentSection(experiment, mine, options, charts, text),
  );
  const duplicates = duplicateCells(records);
  const duplicateWarning = describeDuplicates(duplicates);
  if (duplicateWarning) text.unshift(duplicateWarning);
  const counts = [...groupBy(runs, (r) => r.status)].map(([s, g]) => `${g.length} ${s}`).join(', ');
  const nav = [...groups.keys()]
    .map(
      (e) =>
        `<a href="#experiment-${escapeHtml(e.replace(/[^A-Za-z0-9_-]/g, '_'))}">${escapeHtml(experimentTitle(e))}</a>`,
    )
    .join(' · ');
  sections.unshift({
    title: 'Overview',
    id: 'overview',
    blocks: [
      {
        html: `<p>${records.length} records, ${runs.length} runs (${counts || 'none'}); generated ${escapeHtml(new Date().toISOString())}.</p>${duplicateWarning ? `<p class="bad">${escapeHtml(duplicateWarning)}</p>` : ''}<p>${nav}</p>`,
      },
    ],
  });
  const html = renderPage(title, sections, await loadVegaRuntime());
  return {
    html,
    csv: renderCsv(records),
    text: text.join('\n\n'),
    charts: charts.map((c) => c.id),
    invalid: [],
    duplicates,
  };
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
