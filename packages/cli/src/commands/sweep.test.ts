/**
 * Acceptance test of sweeps: 12 cells of a fixture worker doing small real work, one cell that
 * allocates until the memory limit kills it (oom), one that is SIGKILLed mid-run (failed); the
 * sweep's own process is killed with SIGKILL mid-sweep, `--resume` finishes it, and the file has
 * every record exactly once. Then `bench report`'s library function renders it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ResultRecord, type RunRecord, expandPlan, readRecords } from '@bench/core';
import { writeReport } from '@bench/report';
import { Command } from 'commander';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleFixture } from '../../../core/src/runner/__fixtures__/bundle-fixture';
import { findBatchAction } from './find-batch';
import { reportAction } from './report';
import { planFromOptions, registerSweepCommand } from './sweep';

const packages = resolve(__dirname, '../../..');
let worker: string;
let driver: string;

beforeAll(async () => {
  worker = await bundleFixture(join(packages, 'core/src/runner/__fixtures__/worker.ts'));
  // The CLI's sweep command as a stand-alone program, so the test can kill its process.
  const { build } = await import('esbuild');
  driver = join(mkdtempSync(join(tmpdir(), 'bench-driver-')), 'bench-sweep.mjs');
  await build({
    stdin: {
      contents:
        "import { Command } from 'commander'; import { registerSweepCommand } from './sweep'; const p = new Command('bench'); registerSweepCommand(p); await p.parseAsync(process.argv);",
      resolveDir: __dirname,
      loader: 'ts',
    },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: driver,
    alias: {
      '@bench/core': join(packages, 'core/src/index.ts'),
      '@bench/report': join(packages, 'report/src/index.ts'),
    },
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
    logLevel: 'error',
  });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const runRecords = (path: string): RunRecord[] =>
  existsSync(path) ? readRecords(path).records.filter((r): r is RunRecord => r.kind === 'run') : [];

describe('bench sweep acceptance', () => {
  it('survives an OOM cell, a killed cell and a killed parent; --resume completes with no duplicate or lost record; report renders', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-accept-'));
    const out = join(dir, 'results.jsonl');
    const oomCell = 'fixture/a/bs16/l3/r0';
    const killedCell = 'fixture/b/bs8/l2/r0';
    const plan = {
      experiment: 'fixture',
      backends: ['a', 'b'],
      batchSizes: [8, 16, 32],
      layers: [2, 3],
      epochs: 3,
      repeats: 1,
      memoryLimitMb: 200,
      timeoutSeconds: 60,
      options: { epochMs: 60, behaviors: { [oomCell]: 'oom-rss', [killedCell]: 'sigkill' } },
    };
    const planFile = join(dir, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const cells = expandPlan(plan);
    expect(cells).toHaveLength(12);
    const args = [
      driver,
      'sweep',
      planFile,
      '--out',
      out,
      '--worker',
      worker,
      '--no-gpu-telemetry',
      '--telemetry-interval',
      '50',
      '--json',
    ];

    // 1. Start the sweep in its own process; kill -9 it once a few cells are in the file.
    const first = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let firstErr = '';
    first.stderr.on('data', (d) => {
      firstErr += d;
    });
    const exited = new Promise<number | null>((r) => first.on('exit', (code) => r(code)));
    for (let i = 0; i < 600 && runRecords(out).length < 4; i++) await sleep(50);
    await sleep(200); // mid-cell: the next worker is running
    // The cell worker running right now (Linux: /proc/<pid>/task/<pid>/children).
    const childrenFile = `/proc/${first.pid}/task/${first.pid}/children`;
    const orphans = existsSync(childrenFile)
      ? readFileSync(childrenFile, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number)
      : [];
    const killed = first.kill('SIGKILL');
    const code = await exited;
    expect(killed, firstErr).toBe(true);
    expect(code, `the first sweep finished before it could be killed: ${firstErr}`).toBeNull();
    const beforeResume = readRecords(out);
    expect(beforeResume.invalid).toEqual([]);
    const doneBefore = new Set(beforeResume.records.filter((r) => r.kind === 'run').map((r) => r.cellId));
    expect(doneBefore.size).toBeGreaterThanOrEqual(4);
    expect(doneBefore.size).toBeLessThan(12);
    // Only whole cells: every cell with any record has its run record.
    for (const r of beforeResume.records) expect(doneBefore.has(r.cellId)).toBe(true);
    // The orphaned worker of the killed parent exits on its own (IPC disconnect).
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 100 && orphans.some(alive); i++) await sleep(50);
    expect(orphans.filter(alive), 'workers left running after their sweep was killed').toEqual([]);

    // 2. Resume in a new process.
    const second = spawn(process.execPath, [...args, '--resume'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    second.stdout.on('data', (d) => {
      stdout += d;
    });
    second.stderr.on('data', (d) => {
      stderr += d;
    });
    expect(await new Promise((r) => second.on('exit', r)), stderr).toBe(0);
    const summary = JSON.parse(stdout) as { skipped: string[]; ran: { cellId: string; status: string }[] };
    expect(new Set(summary.skipped)).toEqual(doneBefore);
    expect(summary.ran.length + summary.skipped.length).toBe(12);

    // 3. Every cell exactly once, every epoch exactly once, nothing invalid.
    const { records, invalid } = readRecords(out);
    expect(invalid).toEqual([]);
    const runs = records.filter((r): r is RunRecord => r.kind === 'run');
    expect(runs.map((r) => r.cellId).sort()).toEqual(cells.map((c) => c.id).sort());
    const epochKeys = records
      .filter((r) => r.kind === 'epoch')
      .map((r) => `${r.cellId}/${r.repeat}/${(r as { epoch: number }).epoch}`);
    expect(new Set(epochKeys).size).toBe(epochKeys.length);
    const telemetryKeys = records.filter((r) => r.kind === 'telemetry').map((r) => r.cellId);
    expect(new Set(telemetryKeys).size).toBe(telemetryKeys.length);
    for (const c of cells) {
      const run = runs.find((r) => r.cellId === c.id) as RunRecord;
      const epochs = records
        .filter((r: ResultRecord) => r.kind === 'epoch' && r.cellId === c.id)
        .map((r) => (r as { epoch: number }).epoch);
      if (c.id === oomCell) {
        expect(run.status).toBe('oom');
        expect(run.error).toMatch(/exceeded the cell memory limit of 200 MiB/);
        expect(epochs).toEqual([]);
      } else if (c.id === killedCell) {
        expect(run.status).toBe('failed');
        expect(run.error).toMatch(/killed by signal SIGKILL/);
        expect(epochs).toEqual([1]); // epoch 1 finished, the worker died in epoch 2
      } else {
        expect(run.status, run.error).toBe('ok');
        expect(epochs).toEqual([1, 2, 3]);
        expect(run.peakRssBytes).toBeGreaterThan(0);
      }
    }

    // 4. The report from the file alone.
    const report = await writeReport({
      input: out,
      html: join(dir, 'report.html'),
      csv: join(dir, 'results.csv'),
    });
    expect(report.charts).toEqual(
      expect.arrayContaining([
        'fixture-batch-sizes',
        'fixture-crossover',
        'fixture-curves',
        'fixture-telemetry-0',
      ]),
    );
    const csv = readFileSync(join(dir, 'results.csv'), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + records.filter((r) => r.kind === 'epoch' || r.kind === 'run').length);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toContain('exceeded the cell memory limit');
  });
});

describe('sweep, find-batch and report commands', () => {
  const writes: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    writes.length = 0;
  });
  const captureStdout = () =>
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      writes.push(String(chunk));
      return true;
    });

  it('builds a plan from flags over a file, and rejects bad input with the option named', () => {
    const plan = planFromOptions(undefined, {
      experiment: 'e3',
      backends: 'reference, tfjs-cpu',
      batchSizes: '100',
      layers: '2,4',
      epochs: '3',
      option: ['lr=0.1', 'name=x'],
      out: 'r.jsonl',
    });
    expect(plan).toMatchObject({
      experiment: 'e3',
      backends: ['reference', 'tfjs-cpu'],
      batchSizes: [100],
      layers: [2, 4],
      epochs: 3,
      repeats: 1,
      options: { lr: 0.1, name: 'x' },
    });
    expect(() =>
      planFromOptions(undefined, { experiment: 'e3', backends: 'a', batchSizes: '0', epochs: '1', out: 'r' }),
    ).toThrow(/--batch-sizes/);
    expect(() =>
      planFromOptions(undefined, { backends: 'a', batchSizes: '1', epochs: '1', out: 'r' }),
    ).toThrow(/experiment/);
    expect(() => planFromOptions('/nonexistent/plan.json', { out: 'r' })).toThrow(/does not exist/);
  });

  it('runs `bench sweep` in-process with --json printing nothing but the JSON', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-cmd-')), 'r.jsonl');
    const program = new Command('bench').exitOverride();
    registerSweepCommand(program);
    captureStdout();
    await program.parseAsync([
      'node',
      'bench',
      'sweep',
      '--experiment',
      'fixture',
      '--backends',
      'a',
      '--batch-sizes',
      '8,16',
      '--epochs',
      '2',
      '--out',
      out,
      '--worker',
      worker,
      '--no-gpu-telemetry',
      '--json',
    ]);
    const parsed = JSON.parse(writes.join(''));
    expect(parsed.ran.map((r: { status: string }) => r.status)).toEqual(['ok', 'ok']);
  });

  it('runs `bench find-batch` and `bench report` on the fixture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-cmd-'));
    const out = join(dir, 'find.jsonl');
    captureStdout();
    const code = await findBatchAction('fixture', {
      backend: 'a',
      start: '8',
      max: '64',
      granularity: '8',
      epochs: '2',
      option: ['maxFit=20'],
      out,
      json: true,
      worker,
      targetAccuracy: '0.5',
    });
    expect(code).toBe(0);
    const search = JSON.parse(writes.join(''));
    expect(
      search.attempts.map((a: { batchSize: number; status: string }) => `${a.batchSize}:${a.status}`),
    ).toEqual(['8:ok', '16:ok', '32:oom', '24:oom']);
    expect(search.largestFit).toBe(16);
    writes.length = 0;
    expect(await reportAction([out], { html: join(dir, 'r.html'), csv: join(dir, 'r.csv') })).toBe(0);
    expect(writes.join('')).toMatch(/epoch\s+train_loss/);
    expect(existsSync(join(dir, 'r.html'))).toBe(true);
    await expect(reportAction([join(dir, 'missing.jsonl')], {})).rejects.toThrow(/not found/);
  });
});
