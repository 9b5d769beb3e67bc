/**
 * The report in a real browser (headless Chromium): it opens offline with no console error, every
 * chart renders, and the rendered SVG answers the seeds' questions: E3's time and ratio panels
 * are log-log (point positions linear in log parameters and log seconds), the crossover is marked
 * where it lies, the ratio crosses the 1.0 line, and E4's backends sit side by side. The same
 * checks run on the records of the example runs checked in under examples/.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ResultRecord, readRecords } from '@bench/core';
import { skipUnavailableTool } from '@bench/testkit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleRecords } from './__fixtures__/sample-records';
import { buildReport } from './report-impl';

const CHROMIUM = '/usr/bin/chromium';
// skips with the reason printed, or fails where CI provisions Chromium (BENCH_REQUIRED_TOOLS)
const skipChromium = skipUnavailableTool(
  'chromium',
  existsSync(CHROMIUM),
  `${CHROMIUM} is absent (apt-get install -y chromium)`,
);

interface Mark {
  panel: string;
  label: string;
  x: number;
  y: number;
}

/** Least-squares slope and the largest residual of y over x. */
function fit(points: { x: number; y: number }[]): { slope: number; maxResidual: number } {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  const slope =
    points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0) / points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
  const maxResidual = Math.max(...points.map((p) => Math.abs(my + slope * (p.x - mx) - p.y)));
  return { slope, maxResidual };
}

/** `params: 1,000; seconds: 0.500` -> { params: 1000, seconds: 0.5 } (the tooltip fields). */
function fields(label: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of label.matchAll(/(\w+): ([\d.,]+)(?=;|$)/g)) out[m[1]] = Number(m[2].replace(/,/g, ''));
  return out;
}

/** Opens a report page offline, waits for every chart, and fails on a console error or a request. */
async function openReport(browser: Browser, records: readonly ResultRecord[]) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-report-'));
  const file = join(dir, 'report.html');
  const report = await buildReport(records);
  writeFileSync(file, report.html);
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
  return { page, report, dir, errors, external };
}

/** The points, rules and texts of a chart drawn with tooltips, with their panel and position. */
function chartMarks(page: Page, id: string): Promise<Mark[]> {
  return page.locator(`#${id} svg [aria-label]`).evaluateAll((els) =>
    els
      .filter((el) => el.getAttribute('role') === 'graphics-symbol')
      .map((el) => {
        const t = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(el.getAttribute('transform') ?? '');
        return {
          panel: el.closest('.concat_0_group') ? 'time' : 'ratio',
          label: `${el.getAttribute('aria-roledescription')}|${el.getAttribute('aria-label')}`,
          x: t ? Number(t[1]) : Number.NaN,
          y: t ? Number(t[2]) : Number.NaN,
        };
      }),
  );
}

/** Bounding boxes of the elements a selector matches, in document order. */
function boxes(page: Page, selector: string) {
  return page.locator(selector).evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    }),
  );
}

/** Asserts that the boxes sit side by side: on one row (mostly overlapping in height), each to the right of the one before. */
function expectSideBySide(bs: { left: number; right: number; top: number; bottom: number }[], what: string) {
  expect(bs.length, what).toBeGreaterThanOrEqual(2);
  for (let i = 1; i < bs.length; i++) {
    const [a, b] = [bs[i - 1], bs[i]];
    const overlap = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    expect(overlap, `${what}: on one row`).toBeGreaterThan(
      0.8 * Math.min(a.bottom - a.top, b.bottom - b.top),
    );
    expect(b.left, `${what}: to the right`).toBeGreaterThanOrEqual(a.right - 1);
  }
}

describe.skipIf(skipChromium)(`report in headless Chromium (${CHROMIUM})`, () => {
  let browser: Browser;
  beforeAll(async () => {
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
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
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('renders offline; E3 log-log with the crossover marked, E4 backends side by side', async () => {
    const { page, dir, errors, external } = await openReport(browser, sampleRecords());
    try {
      // E3: every axis of both panels is a log axis.
      const axes = await page
        .locator('#e3-crossover svg g.role-axis[aria-label]')
        .evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label') ?? ''));
      expect(axes).toHaveLength(4);
      for (const a of axes) expect(a).toMatch(/^[XY]-axis titled .* for a log scale/);

      // Points, rules and labels of the E3 chart with their panel and position.
      const marks = await chartMarks(page, 'e3-crossover');
      const points = marks.filter((m) => m.panel === 'time' && m.label.startsWith('point|'));
      expect(points).toHaveLength(8);
      // Log x and log y: position is linear in log10(params) and log10(seconds), per backend.
      const xs = fit(points.map((p) => ({ x: Math.log10(fields(p.label).params), y: p.x })));
      expect(xs.maxResidual).toBeLessThan(0.5);
      for (const backend of ['cpu-be', 'gpu-be']) {
        const mine = points.filter((p) => p.label.includes(`backend: ${backend}`));
        const ys = fit(mine.map((p) => ({ x: Math.log10(fields(p.label).seconds), y: p.y })));
        expect(ys.maxResidual, `${backend} on a log y axis`).toBeLessThan(0.5);
      }
      // The crossover mark: a rule in each panel where log interpolation puts it, and its label.
      const flip = fields(marks.find((m) => m.label.startsWith('rule mark|params:'))?.label ?? '').params;
      expect(flip).toBeGreaterThan(1e5);
      expect(flip).toBeLessThan(1e6);
      const rules = marks.filter((m) => m.label.startsWith('rule mark|params:'));
      expect(rules.map((r) => r.panel).sort()).toEqual(['ratio', 'time']);
      const x0 = points.find((p) => fields(p.label).params === 1e3)?.x as number;
      const timeRule = rules.find((r) => r.panel === 'time') as Mark;
      expect(timeRule.x).toBeCloseTo(x0 + xs.slope * (Math.log10(flip) - 3), 0);
      const texts = await page.locator('#e3-crossover svg text').allTextContents();
      expect(texts.filter((t) => t === `crossover ~${flip.toLocaleString('en-US')} params`)).toHaveLength(2);
      // The ratio panel: one point per size, crossing the 1.0 line.
      const ratios = marks.filter((m) => m.panel === 'ratio' && m.label.startsWith('point|'));
      expect(ratios).toHaveLength(4);
      const one = marks.find((m) => m.label === 'rule mark|ratio: 1') as Mark;
      expect(Math.min(...ratios.map((r) => r.y))).toBeLessThan(one.y);
      expect(Math.max(...ratios.map((r) => r.y))).toBeGreaterThan(one.y);

      // E4: one column per backend (loss above accuracy), the columns side by side.
      const [cpu, gpu] = [
        ...(await boxes(page, '#e4-curves svg .concat_0_group')),
        ...(await boxes(page, '#e4-curves svg .concat_1_group')),
      ];
      expect(Math.abs(cpu.top - gpu.top)).toBeLessThan(2);
      expect(gpu.left).toBeGreaterThanOrEqual(cpu.right - 1);
      const [loss, acc] = await boxes(
        page,
        '#e4-curves svg .concat_0_concat_0_group, #e4-curves svg .concat_0_concat_1_group',
      );
      expect(acc.top).toBeGreaterThanOrEqual(loss.bottom - 1);
      const titles = await page.locator('#e4-curves svg .role-title text').allTextContents();
      expect(titles).toEqual(expect.arrayContaining(['cpu-be', 'gpu-be']));
      // The prediction grids side by side, test loss and accuracy under each.
      const grids = await boxes(page, '#experiment-e4 .predictions');
      expect(grids).toHaveLength(2);
      expect(Math.abs(grids[0].top - grids[1].top)).toBeLessThan(2);
      expect(grids[1].left).toBeGreaterThanOrEqual(grids[0].right);
      expect(await page.locator('#experiment-e4 .predictions .test').allTextContents()).toEqual([
        expect.stringMatching(/^test loss 1\.2345 · test accuracy 58\.00%/),
        expect.stringMatching(/^test loss 0\.8123 · test accuracy 73\.00%/),
      ]);
      expect(await page.locator('.predictions figure img').count()).toBe(48);

      const shot = await page.screenshot({ fullPage: true });
      expect(shot.length).toBeGreaterThan(20_000);
      writeFileSync(join(dir, 'report.png'), shot);
      console.log(`screenshot: ${join(dir, 'report.png')}`);
      expect(errors).toEqual([]);
      expect(external).toEqual([]);
    } finally {
      await page.close();
    }
  });

  // The records behind the example READMEs' screenshots: real runs on CPU backends.
  const examples = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'examples');
  const exampleRuns = [
    ['e2', 'e2-batch-sweep'],
    ['e3', 'e3-crossover'],
    ['e4', 'e4-cifar10-cnn'],
  ] as const;
  for (const [experiment, folder] of exampleRuns) {
    const file = join(examples, folder, 'example-results.jsonl');
    // The example records are checked in beside the READMEs: a missing file fails, not skips.
    it(`renders the ${experiment} example run (${folder})`, async () => {
      const read = readRecords(file);
      expect(read.invalid).toEqual([]);
      const { page, report, errors, external } = await openReport(browser, read.records);
      try {
        expect(await page.locator(`#experiment-${experiment}`).count()).toBe(1);
        const backends = [...new Set(read.records.map((r) => r.backend))];
        expect(backends.length).toBeGreaterThanOrEqual(2);
        if (experiment === 'e2') {
          // Time, error and memory per batch size: panels side by side; the answer in words.
          expectSideBySide(
            await boxes(page, '#e2-batch-sizes svg .role-scope[class*="concat_"][class$="_group"]'),
            'E2 panels',
          );
          expect(await page.locator('#experiment-e2 .answer').allTextContents()).toHaveLength(
            backends.length,
          );
        }
        if (experiment === 'e3') {
          const axes = await page
            .locator('#e3-crossover svg g.role-axis[aria-label]')
            .evaluateAll((gs) => gs.map((g) => g.getAttribute('aria-label') ?? ''));
          expect(axes).toHaveLength(4);
          for (const a of axes) expect(a).toMatch(/^[XY]-axis titled .* for a log scale/);
          const marks = await chartMarks(page, 'e3-crossover');
          const points = marks.filter((m) => m.panel === 'time' && m.label.startsWith('point|'));
          const xs = fit(points.map((p) => ({ x: Math.log10(fields(p.label).params), y: p.x })));
          expect(xs.maxResidual).toBeLessThan(0.5);
          // Compared at steady state (first epoch's one-off costs left out), onnxruntime-cpu is
          // faster than reference at every size of this run (in total train seconds, with the
          // first epoch in, they swapped places near 270 params): no crossover mark, the 1.0 line.
          const rules = marks.filter((m) => m.label.startsWith('rule mark|params:'));
          expect(rules).toEqual([]);
          expect(marks.some((m) => m.label === 'rule mark|ratio: 1')).toBe(true);
          expect(report.text).toMatch(
            /crossover reference vs onnxruntime-cpu: no crossover in range: onnxruntime-cpu is faster at every measured size/,
          );
        }
        if (experiment === 'e4') {
          expectSideBySide(
            await boxes(page, '#e4-curves svg .concat_0_group, #e4-curves svg .concat_1_group'),
            'E4 curves',
          );
          expectSideBySide(await boxes(page, '#experiment-e4 .predictions'), 'E4 grids');
          for (const t of await page.locator('#experiment-e4 .predictions .test').allTextContents())
            expect(t).toMatch(/^test loss \d+\.\d{4} · test accuracy \d+\.\d\d%/);
          expect(await page.locator('#experiment-e4 .predictions figure img').count()).toBe(48);
        }
        expect(errors).toEqual([]);
        expect(external).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});
