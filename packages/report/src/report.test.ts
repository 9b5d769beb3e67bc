import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appendRecords } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { sampleRecords } from './__fixtures__/sample-records';
import { renderCsv } from './csv';
import { buildReport, writeReport } from './report-impl';
import { renderTextTables } from './tables';

describe('CSV and tables', () => {
  it('writes epoch and run records as CSV with quoting and flattened host', () => {
    const csv = renderCsv(sampleRecords());
    const lines = csv.trim().split('\n');
    const header = lines[0].split(',');
    expect(header.slice(0, 3)).toEqual(['kind', 'runId', 'cellId']);
    expect(header).toContain('host.hostname');
    expect(header).toContain('trainLoss');
    // 9 E2 + 6 E4 epochs, 4 E2 + 8 E3 + 3 E4 runs; telemetry and predictions are not CSV rows.
    expect(lines).toHaveLength(1 + 15 + 15);
    expect(csv).toMatch(/,oom,.*CUDA_ERROR_OUT_OF_MEMORY: out of memory/);
  });

  it('prints fastai-style tables with mm:ss times and failure reasons', () => {
    const text = renderTextTables(sampleRecords());
    expect(text).toMatch(/epoch\s+train_loss\s+valid_loss\s+error_rate\s+time/);
    expect(text).toMatch(/^1\s+1\.000000\s+1\.100000\s+0\.300000\s+00:12$/m);
    expect(text).toMatch(/status oom.*\n\s+reason: CUDA_ERROR_OUT_OF_MEMORY/);
    // Steady state (median after the first epoch), not the mean with the warm-up epoch in it.
    expect(text).toMatch(/1,203 samples\/s steady state, warm-up epoch 12\.00 s/);
  });
});

describe('HTML report', () => {
  it('builds one self-contained page, one section per experiment, every chart kind', async () => {
    const report = await buildReport(sampleRecords(), { title: 'Sample <report>' });
    expect(report.charts).toEqual([
      'e2-batch-sizes',
      'e2-curves',
      'e2-telemetry-0',
      'e3-crossover',
      'e4-curves',
    ]);
    expect(report.html).toContain('<title>Sample &lt;report&gt;</title>');
    expect(report.html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/); // nothing fetched
    expect([...report.html.matchAll(/<section id="([^"]+)"><h2>([^<]+)/g)].map((m) => m[2])).toEqual([
      'Overview',
      'E2 — batch-size sweep',
      'E3 — model-size crossover',
      'E4 — CIFAR-10 CNN, CPU vs GPU',
    ]);
    expect(report.html).toMatch(/true: red<br>pred: green/);
    expect(report.html).toContain('test loss 0.8123 · test accuracy 73.00%');
    expect(report.html.length).toBeGreaterThan(500_000); // the runtime is inlined
    expect(report.text).toMatch(/gpu-be: batch size 256 reached the target 90\.0% validation accuracy first/);
    expect(report.text).toMatch(/crossover cpu-be vs gpu-be: cpu-be is faster below ~\d/);
  });

  it('shows warm-up apart, steady-state samples/s, MFU, and a failed run with its model and batch', async () => {
    const { html } = await buildReport(sampleRecords());
    const rows = [...html.matchAll(/<tr class="run-row"[^>]*>(.*?)<\/tr>/g)].map((m) =>
      [...m[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((c) => c[1]),
    );
    // backend, model, batch, params, status, device, compile s, warm-up epoch s, steady s/epoch,
    // steady samples/s, MFU, ...
    const e2bs16 = rows.find((r) => r[0] === 'gpu-be' && r[2] === '16');
    expect(e2bs16?.slice(7, 11)).toEqual(['12.000', '4.000', '1,203', '—']);
    const e4gpu = rows.find((r) => r[1] === 'cifar-cnn' && r[0] === 'gpu-be');
    expect(e4gpu?.[10]).toBe('1.23%');
    const failed = rows.find((r) => r[4] === 'failed');
    expect(failed?.slice(0, 5)).toEqual(['cpu-be', 'cifar-cnn', '250', '—', 'failed']);
  });

  it('says when no batch size reached the target accuracy', async () => {
    const { html, text } = await buildReport(sampleRecords(), { targetAccuracy: 0.95 });
    expect(text).toMatch(
      /gpu-be: no batch size reached the target 95\.0% validation accuracy\. Best accuracy reached \(not the target\): 90\.0%/,
    );
    expect(html).toContain('<p class="answer none">');
    expect(text).not.toMatch(/fastest/);
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
