import { describe, expect, it } from 'vitest';
import { validateRecord } from '../results/jsonl';
import { RESULTS_SCHEMA_VERSION } from '../results/schema';
import type { EpochRecord } from '../results/schema';
import { DivergedError } from '../train/diverged-error';
import { steadyTrainSeconds, summarizeRun } from './summarize-run';

const identity = {
  runId: 'r',
  experiment: 'e3',
  backend: 'reference',
  device: 'cpu',
  batchSize: 10,
  params: 5,
};
const host = { hostname: 'h', platform: 'linux-x64', cpus: 2, node: 'v20' };

function epoch(n: number, seconds: number, trainLoss = 1 / n, extra: Partial<EpochRecord> = {}): EpochRecord {
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'epoch',
    ...identity,
    epoch: n,
    trainLoss,
    validLoss: 0.5,
    errorRate: 0.25,
    seconds,
    dataSeconds: 0.01,
    samplesPerSecond: 100 / seconds,
    timestamp: 't',
    ...extra,
  };
}

const base = { identity, totalSeconds: 9, peakRssBytes: 1, startedAt: 's', host, warmupSeconds: 0.5 };

describe('summarizeRun', () => {
  it('takes samples/s and epoch time from the median of the steady-state epochs, warm-up apart', () => {
    // Epoch 1 carries first-touch costs (4 s); epochs 2..4 take 1, 2 and 1.5 s.
    const run = summarizeRun({ ...base, epochs: [epoch(1, 4), epoch(2, 1), epoch(3, 2), epoch(4, 1.5)] });
    expect(run.status).toBe('ok');
    expect(run.samplesPerSecond).toBeCloseTo(100 / 1.5);
    expect(run.medianEpochSeconds).toBe(1.5);
    expect(run.firstEpochSeconds).toBe(4);
    expect(run.warmupSeconds).toBe(0.5);
    expect(run.trainSeconds).toBe(8.5);
    expect(run.dataSeconds).toBeCloseTo(0.04);
    expect(run.finalTrainLoss).toBe(0.25);
    expect(() => validateRecord(run)).not.toThrow();
  });

  it('uses the only epoch of a one-epoch run', () => {
    const run = summarizeRun({ ...base, epochs: [epoch(1, 2)] });
    expect(run.samplesPerSecond).toBe(50);
    expect(run.medianEpochSeconds).toBeUndefined();
  });

  it('records a non-finite epoch as a divergence: status, epoch and loss text, a valid record', () => {
    const run = summarizeRun({ ...base, epochs: [epoch(1, 1), epoch(2, 1, Number.NaN)] });
    expect(run.status).toBe('diverged');
    expect(run.divergence).toEqual({ epoch: 2, loss: 'NaN' });
    expect(run.epochs).toBe(1);
    expect(run.error).toMatch(/epoch 2 loss is NaN/);
    expect(() => validateRecord(run)).not.toThrow();
    const inf = summarizeRun({
      ...base,
      epochs: [epoch(1, 1, 0.3, { validLoss: Number.POSITIVE_INFINITY })],
    });
    expect(inf.divergence).toEqual({ epoch: 1, loss: 'Infinity' });
  });

  it('classifies what ended a run: a DivergedError, an out-of-memory error, any other failure', () => {
    const diverged = summarizeRun({ ...base, epochs: [], error: new DivergedError(1, Number.NaN) });
    expect(diverged).toMatchObject({ status: 'diverged', divergence: { epoch: 1, loss: 'NaN' }, epochs: 0 });
    expect(() => validateRecord(diverged)).not.toThrow();
    const oom = summarizeRun({
      ...base,
      epochs: [epoch(1, 1)],
      error: new RangeError('Array buffer allocation failed'),
    });
    expect(oom.status).toBe('oom');
    const failed = summarizeRun({ ...base, epochs: [], error: new Error('no such file') });
    expect(failed).toMatchObject({ status: 'failed', error: 'no such file' });
    expect(failed.samplesPerSecond).toBeUndefined();
  });
});

describe('steadyTrainSeconds', () => {
  it('is the steady-state epoch time times the epochs, or the measured time without a steady state', () => {
    const run = summarizeRun({ ...base, epochs: [epoch(1, 4), epoch(2, 1), epoch(3, 2), epoch(4, 1.5)] });
    expect(steadyTrainSeconds(run)).toBe(6);
    expect(steadyTrainSeconds(summarizeRun({ ...base, epochs: [epoch(1, 4)] }))).toBe(4);
  });
});
