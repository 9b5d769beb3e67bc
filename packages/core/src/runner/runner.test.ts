import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecords } from '../results/jsonl';
import type { EpochRecord, RunRecord } from '../results/schema';
import { bundleFixture } from './__fixtures__/bundle-fixture';
import { expandPlan, parseSweepPlan } from './expand-plan';
import { fastestToAccuracy } from './fastest-to-accuracy';
import { findBatchSize } from './find-batch-size';
import { runCellInChild } from './run-cell-in-child';
import { runSweep } from './run-sweep';
import { summarizeRepeats } from './summarize-repeats';
import type { SweepCell } from './sweep-plan';

let worker: string;
beforeAll(async () => {
  worker = await bundleFixture(join(__dirname, '__fixtures__', 'worker.ts'));
});

const cell = (behavior: string, extra: Partial<SweepCell> = {}): SweepCell => {
  const id = `fixture/test/bs32/${behavior}/r0`;
  return {
    id,
    cellId: id,
    experiment: 'fixture',
    backend: 'test',
    batchSize: 32,
    epochs: 3,
    repeat: 0,
    options: { behavior },
    ...extra,
  };
};
const common = { nvidiaSmi: false as const, telemetryIntervalMs: 50 };

describe('plans', () => {
  it('expands a plan into cells with stable ids, repeats outermost', () => {
    const plan = {
      experiment: 'e3',
      backends: ['reference', 'onnxruntime-cpu'],
      batchSizes: [100],
      layers: [2, 8],
      epochs: 5,
      repeats: 2,
    };
    const cells = expandPlan(plan);
    expect(cells).toHaveLength(8);
    expect(cells[0].id).toBe('e3/reference/bs100/l2/r0');
    expect(cells[0].cellId).toBe(cells[0].id);
    expect(cells[4].repeat).toBe(1);
    expect(expandPlan(plan).map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(new Set(cells.map((c) => c.id)).size).toBe(8);
  });
  it('rejects invalid plans with the field and the fix', () => {
    expect(() => parseSweepPlan({ experiment: 'e3', backends: [], batchSizes: [1], epochs: 1 })).toThrow(
      /backends/,
    );
    expect(() =>
      parseSweepPlan({
        experiment: 'e3',
        backends: ['a'],
        batchSizes: [1],
        epochs: 1,
        layers: [2],
        models: ['m'],
      }),
    ).toThrow(/either "layers" or "models"/);
    expect(() => parseSweepPlan({ experiment: 'e3', backends: ['a'], batchSizes: [0], epochs: 1 })).toThrow(
      /batchSizes\.0/,
    );
    expect(() => expandPlan({ experiment: 'e3', backends: ['a', 'a'], batchSizes: [1], epochs: 1 })).toThrow(
      /appears twice/,
    );
  });
});

describe('runCellInChild', () => {
  it('runs a healthy cell: worker records, parent telemetry aligned to epochs, run record last', async () => {
    const r = await runCellInChild(cell('ok', { options: { behavior: 'ok', epochMs: 120 } }), {
      workerModule: worker,
      ...common,
    });
    expect(r.status).toBe('ok');
    expect(r.records.map((x) => x.kind)).toEqual(['epoch', 'epoch', 'epoch', 'telemetry', 'run']);
    const tel = r.records.find((x) => x.kind === 'telemetry');
    expect(tel?.kind === 'telemetry' && tel.samples.some((s) => s.epoch === 2)).toBe(true);
    expect(r.run.peakRssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(r.run.cellId).toBe(cell('ok').id);
    expect(r.records.every((x) => x.cellId === r.cell.id && x.repeat === 0)).toBe(true);
  });

  const failures: [string, string, RegExp, object?][] = [
    ['throw', 'failed', /data folder "nowhere"/],
    ['oom-rss', 'oom', /exceeded the cell memory limit of 200 MiB/, { memoryLimitMb: 200 }],
    ['oom-heap', 'oom', /heap out of memory/i, { execArgv: ['--max-old-space-size=32'] }], // V8's own OOM, via stderr
    ['sigkill', 'failed', /killed by signal SIGKILL/],
    ['nan', 'diverged', /train loss became NaN in epoch 2/],
    ['throw-diverged', 'diverged', /training diverged: epoch 3/], // a DivergedError thrown in the worker
    ['hang', 'timeout', /time limit of 1\.5 s/, { timeoutMs: 1500 }],
  ];
  for (const [behavior, status, reason, opts] of failures) {
    it(`records a '${behavior}' cell as ${status} with its reason`, async () => {
      const r = await runCellInChild(cell(behavior), { workerModule: worker, ...common, ...opts });
      expect(r.status).toBe(status);
      expect(r.reason).toMatch(reason);
      expect(r.run.kind).toBe('run');
      expect(r.run.error).toMatch(reason);
      expect(r.records.at(-1)).toBe(r.run);
      expect(r.run.device).toBe('fixture-cpu'); // from the worker's describe()
      if (behavior === 'nan') expect(r.run.divergence).toEqual({ epoch: 2, loss: 'NaN' });
    });
  }

  it('flags a gpu backend whose GPU stayed idle and computes MFU from the GPU name (fake nvidia-smi)', async () => {
    const smi = join(__dirname, '..', 'telemetry', '__fixtures__', 'fake-nvidia-smi.sh');
    chmodSync(smi, 0o755);
    const spin = { behavior: 'ok', epochMs: 300, spin: true, gpuKind: true };
    process.env.FAKE_GPU_UTIL = '0'; // read by the fake nvidia-smi the parent starts
    const idle = await runCellInChild(cell('ok', { options: spin }), {
      workerModule: worker,
      telemetryIntervalMs: 50,
      nvidiaSmi: smi,
    }).finally(() => {
      Reflect.deleteProperty(process.env, 'FAKE_GPU_UTIL');
    });
    expect(idle.status).toBe('ok');
    expect(idle.run.warnings?.join(' ')).toMatch(/reports deviceKind "gpu" but the GPU stayed idle/);
    expect(idle.run.meanGpuUtilPercent).toBe(0);
    expect(idle.run.peakDeviceBytes).toBeGreaterThanOrEqual(1000 * 1024 * 1024);
    // The fixture reports 6 FLOPs/sample and 1000 samples/s; the fake GPU is an H100 SXM (67 TFLOP/s fp32).
    expect(idle.run.mfu).toBeCloseTo((6 * 3 * 1000) / 67e12, 20);
    expect(idle.run.peakFlops).toBe(67e12);
    expect(idle.run.peakSource).toBe('NVIDIA H100 datasheet (SXM), H100 SXM fp32 dense');
    const tel = idle.records.find((r) => r.kind === 'telemetry');
    expect(tel?.kind === 'telemetry' && tel.gpuName).toBe('NVIDIA H100 80GB HBM3');
  });

  it('fails clearly when the worker module does not exist', async () => {
    const r = await runCellInChild(cell('ok'), { workerModule: '/nonexistent/worker.mjs', ...common });
    expect(r.status).toBe('failed');
    expect(r.reason).toMatch(/Cannot find module|exited with code 1/);
  });
});

describe('runSweep, repeats, batch-size finder', () => {
  it('runs a sweep with resume, summarises repeats, and finds the fastest batch size', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-sweep-')), 'results.jsonl');
    const cells = expandPlan({
      experiment: 'fixture',
      backends: ['test'],
      batchSizes: [8, 64],
      epochs: 3,
      repeats: 2,
    });
    const events: string[] = [];
    const first = await runSweep({
      cells: cells.slice(0, 3),
      out,
      workerModule: worker,
      ...common,
      onEvent: (e) => events.push(e.type),
    });
    expect(first.ran).toHaveLength(3);
    const second = await runSweep({ cells, out, workerModule: worker, ...common, resume: true });
    expect(second.skipped.map((c) => c.id)).toEqual(cells.slice(0, 3).map((c) => c.id));
    expect(second.ran).toHaveLength(1);
    const { records, invalid } = readRecords(out);
    expect(invalid).toEqual([]);
    expect(records.filter((r) => r.kind === 'run')).toHaveLength(4);
    expect(events.filter((e) => e === 'cell-end')).toHaveLength(3);
    expect(events).toContain('epoch');

    const summary = summarizeRepeats(records);
    expect(summary.map((s) => s.key).sort()).toEqual(['fixture/test/bs64', 'fixture/test/bs8']);
    expect(summary.every((s) => s.runs === 2 && s.okRuns === 2 && s.medianSeconds! > 0)).toBe(true);

    const fastest = fastestToAccuracy(records, 0.8);
    expect(fastest.perBatchSize.map((p) => p.batchSize)).toEqual([8, 64]);
    expect(fastest.fastest).not.toBeNull();
    expect(readFileSync(out, 'utf8').endsWith('\n')).toBe(true);
  });

  it('repairs a results file before resuming: drops partial cells and torn lines, keeps a backup', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-repair-')), 'results.jsonl');
    const cells = expandPlan({ experiment: 'fixture', backends: ['test'], batchSizes: [8, 16], epochs: 2 });
    await runSweep({ cells: cells.slice(0, 1), out, workerModule: worker, ...common });
    const complete = readFileSync(out, 'utf8');
    // A partial second cell (an epoch record, no run record) and a torn line, no final newline.
    const partial = JSON.parse(complete.split('\n')[0]);
    writeFileSync(
      out,
      `${complete}${JSON.stringify({ ...partial, cellId: cells[1].id, runId: 'partial' })}\n{"kind":"ep`,
    );
    const events: string[] = [];
    const summary = await runSweep({
      cells,
      out,
      workerModule: worker,
      ...common,
      resume: true,
      onEvent: (e) => events.push(e.type),
    });
    expect(summary.repaired).toMatchObject({ droppedRecords: 1, droppedLines: 1 });
    expect(readFileSync(summary.repaired!.backup!, 'utf8')).toMatch(/\{"kind":"ep$/);
    expect(events[0]).toBe('resume-repaired');
    expect(summary.skipped.map((c) => c.id)).toEqual([cells[0].id]);
    const { records, invalid } = readRecords(out);
    expect(invalid).toEqual([]);
    expect(records.filter((r) => r.runId === 'partial')).toEqual([]);
    const epochKeys = records
      .filter((r) => r.kind === 'epoch')
      .map((r) => `${r.cellId}/${(r as EpochRecord).epoch}`);
    expect(epochKeys.sort()).toEqual(
      [`${cells[0].id}/1`, `${cells[0].id}/2`, `${cells[1].id}/1`, `${cells[1].id}/2`].sort(),
    );
  });

  it('summarises repeats with median and spread, ignoring failed repeats', () => {
    const run = (repeat: number, trainSeconds: number, status: RunRecord['status'] = 'ok') =>
      ({
        kind: 'run',
        cellId: `e/b/bs1/r${repeat}`,
        experiment: 'e',
        backend: 'b',
        batchSize: 1,
        params: 1,
        status,
        trainSeconds,
        totalSeconds: trainSeconds,
      }) as unknown as RunRecord;
    const [s] = summarizeRepeats([run(0, 3), run(1, 1), run(2, 2), run(3, 100, 'oom')]);
    expect(s).toMatchObject({
      runs: 4,
      okRuns: 3,
      medianSeconds: 2,
      minSeconds: 1,
      maxSeconds: 3,
      stdSeconds: 1,
    });
  });

  it('computes time to accuracy from epoch records', () => {
    const ep = (runId: string, batchSize: number, epoch: number, seconds: number, errorRate: number) =>
      ({
        kind: 'epoch',
        runId,
        batchSize,
        backend: 'b',
        epoch,
        seconds,
        errorRate,
        evalSeconds: 0.5,
      }) as unknown as EpochRecord;
    const f = fastestToAccuracy(
      [
        ep('a', 16, 1, 4, 0.3),
        ep('a', 16, 2, 4, 0.05),
        ep('b', 64, 1, 2, 0.2),
        ep('b', 64, 2, 2, 0.1),
        ep('c', 256, 1, 1, 0.5),
      ],
      0.9,
    );
    expect(f.perBatchSize).toEqual([
      { batchSize: 16, seconds: 9, epoch: 2, runs: 1, runsReached: 1 },
      { batchSize: 64, seconds: 5, epoch: 2, runs: 1, runsReached: 1 },
      { batchSize: 256, seconds: null, epoch: null, runs: 1, runsReached: 0 },
    ]);
    expect(f.fastest?.batchSize).toBe(64);
  });

  it('finds the largest batch size that fits by doubling then bisecting', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bench-find-')), 'find.jsonl');
    const search = await findBatchSize({
      template: { experiment: 'fixture', backend: 'test', epochs: 1, repeat: 0, options: { maxFit: 40 } },
      start: 8,
      max: 256,
      granularity: 4,
      out,
      targetAccuracy: 0.5,
      workerModule: worker,
      ...common,
    });
    expect(search.attempts.map((a) => [a.batchSize, a.status, a.phase])).toEqual([
      [8, 'ok', 'double'],
      [16, 'ok', 'double'],
      [32, 'ok', 'double'],
      [64, 'oom', 'double'],
      [48, 'oom', 'bisect'],
      [40, 'ok', 'bisect'],
      [44, 'oom', 'bisect'],
    ]);
    expect(search.largestFit).toBe(40);
    expect(search.firstOom).toBe(44);
    expect(search.attempts[3].reason).toMatch(/CUDA_ERROR_OUT_OF_MEMORY/);
    expect(readRecords(out).records.filter((r) => r.kind === 'run')).toHaveLength(7);
    expect(search.fastest?.perBatchSize.map((p) => p.batchSize)).toEqual([8, 16, 32, 40]);
  });
});
