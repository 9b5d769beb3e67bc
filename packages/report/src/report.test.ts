import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRecords } from '@bench/core';
import { skipUnavailableTool } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from './__fixtures__/sample-records';
import { renderCsv } from './csv';
import { buildReport, writeReport } from './report-impl';
import { renderTextTables } from './tables';

const CHROMIUM = '/usr/bin/chromium';

describe('CSV and tables', () => {
  it('writes epoch and run records as CSV with quoting and flattened host', () => {
    const csv = renderCsv(sampleRecords());
    const lines = csv.trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['kind', 'runId', 'cellId']);
    expect(header).toContain('host.hostname');
    expect(header).toContain('trainLoss');
    // 9 epochs + 12 runs; telemetry and predictions are not CSV rows.
    expect(lines).toHaveLength(1 + 9 + 12);
    expect(csv).toMatch(/,oom,.*CUDA_ERROR_OUT_OF_MEMORY: out of memory/);
  });

  it('prints fastai-style tables with mm:ss times and failure reasons', () => {
    const text = renderTextTables(sampleRecords());
    expect(text).toMatch(/epoch\s+train_loss\s+valid_loss\s+error_rate\s+time/);
    expect(text).toMatch(/^1\s+1\.000000\s+1\.100000\s+0\.300000\s+00:04$/m);
    expect(text).toMatch(/status oom.*\n\s+reason: CUDA_ERROR_OUT_OF_MEMORY/);
  });
});

describe('HTML report', () => {
  it('builds one self-contained page with every chart kind and the crossover', async () => {
    const report = await buildReport(sampleRecords(), { title: 'Sample <report>' });
    expect(report.charts).toEqual(['batch-sizes', 'crossover', 'curves', 'telemetry-0']);
    expect(report.html).toContain('<title>Sample &lt;report&gt;</title>');
    expect(report.html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing fetched
    expect(report.html).toMatch(/true: red<br>pred: green/);
    expect(report.html.length).toBeGreaterThan(500_000); // the runtime is inlined
    expect(report.text).toMatch(/gpu-be: batch size 256 reached/);
    expect(report.text).toMatch(/cpu-be|gpu-be/);
  });

  it('writes HTML and CSV from a results file, reporting a torn last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    const input = join(dir, 'results.jsonl');
    appendRecords(input, sampleRecords());
    writeFileSync(input, `${readFileSync(input, 'utf8')}{"kind":"ep`);
    const report = await writeReport({
      input,
      html: join(dir, 'out', 'r.html'),
      csv: join(dir, 'out', 'r.csv'),
    });
    expect(existsSync(join(dir, 'out', 'r.html'))).toBe(true);
    expect(readFileSync(join(dir, 'out', 'r.csv'), 'utf8').split('\n')[0]).toMatch(/^kind,runId/);
    expect(report.invalid).toHaveLength(1);
  });
});

// skips with the reason printed, or fails where CI provisions Chromium (BENCH_REQUIRED_TOOLS)
const skipChromium = skipUnavailableTool(
  'chromium',
  existsSync(CHROMIUM),
  `${CHROMIUM} is absent (apt-get install -y chromium)`,
);

describe.skipIf(skipChromium)(`report in headless Chromium (${CHROMIUM})`, () => {
  it('opens offline with no console errors, renders every chart, and screenshots', async () => {
    const { chromium } = await import('playwright-core');
    const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
    const file = join(dir, 'report.html');
    const report = await buildReport(sampleRecords());
    writeFileSync(file, report.html);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors: string[] = [];
      const external: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
        external.push(url);
        return route.abort();
      });
      await page.goto(`file://${file}`);
      await page.waitForFunction(
        () => (globalThis as unknown as { __benchCharts?: { done: boolean } }).__benchCharts?.done === true,
        null,
        { timeout: 60_000 },
      );
      const state = await page.evaluate(
        () =>
          (globalThis as unknown as { __benchCharts: { total: number; rendered: number; failed: string[] } })
            .__benchCharts,
      );
      expect(state.failed).toEqual([]);
      expect(state.rendered).toBe(report.charts.length);
      for (const id of report.charts) {
        const marks = await page
          .locator(`#${id} svg .mark-line path, #${id} svg .mark-area path, #${id} svg .mark-symbol path`)
          .count();
        expect(marks, `chart ${id} has drawn marks`).toBeGreaterThan(0);
      }
      expect(await page.locator('.predictions figure img').count()).toBe(24);
      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(20_000);
      writeFileSync(join(dir, 'report.png'), shot);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
