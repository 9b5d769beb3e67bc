/**
 * Runs one cell of any experiment and always emits a run record: `ok`, or `failed` / `oom` /
 * `diverged` with the reason, so a sweep records the failure and goes on.
 */
import { randomUUID } from 'node:crypto';
import { BenchError, DivergedError, RESULTS_SCHEMA_VERSION, hostInfo, isOomText, median } from '@bench/core';
import type { RunRecord, RunStatus } from '@bench/core';
import type { Cell, Experiment, ExperimentContext, RunIdentity } from './experiment';

/** Classifies an error into a run status. */
export function statusOf(error: unknown): RunStatus {
  if (
    error instanceof DivergedError ||
    (BenchError.isInstance(error) && error.name === 'BenchError.Diverged')
  )
    return 'diverged';
  // The same out-of-memory test the sweep runner applies to a dead worker's stderr.
  if (isOomText(error instanceof Error ? error.message : String(error))) return 'oom';
  return 'failed';
}

/** Runs a cell, emitting its epoch records and, last, its run record (also on failure). */
export async function runCell(
  experiment: Experiment,
  cell: Cell,
  ctx: ExperimentContext,
): Promise<RunRecord> {
  const startedAt = new Date().toISOString();
  const t0 = performance.now();
  let peakRss = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 100);
  timer.unref();
  const asked = experiment.defaults?.(cell);
  let identity: RunIdentity = {
    runId: randomUUID(),
    cellId: cell.cellId,
    experiment: cell.experiment,
    backend: cell.backend,
    device: 'unknown',
    batchSize: cell.batchSize ?? asked?.batchSize ?? 1,
    params: 0,
    layers: cell.layers,
    model: cell.model ?? asked?.model,
    repeat: cell.repeat,
  };
  const base = () => ({
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'run' as const,
    ...identity,
    startedAt,
    host: hostInfo(),
  });
  let record: RunRecord;
  let epochsSeen = 0;
  const epochSeconds: number[] = [];
  const emit: ExperimentContext['emit'] = (r) => {
    if (r.kind === 'epoch') {
      epochsSeen = Math.max(epochsSeen, r.epoch);
      epochSeconds.push(r.seconds);
    }
    ctx.emit(r);
  };
  try {
    const outcome = await experiment.run(cell, { ...ctx, emit }, (id) => {
      identity = { ...id, runId: identity.runId, cellId: cell.cellId, repeat: cell.repeat };
      return identity;
    });
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
    record = {
      ...base(),
      status: 'ok',
      epochs: outcome.epochs,
      totalSeconds: (performance.now() - t0) / 1000,
      trainSeconds: outcome.trainSeconds,
      warmupSeconds: outcome.warmupSeconds,
      ...epochTimes(epochSeconds),
      peakRssBytes: peakRss,
      samplesPerSecond: outcome.samplesPerSecond,
      finalTrainLoss: outcome.finalTrainLoss,
      finalValidLoss: outcome.finalValidLoss,
      finalErrorRate: outcome.finalErrorRate,
      finalTrainErrorRate: outcome.finalTrainErrorRate,
      flopsPerSample: outcome.flopsPerSample,
      ...(outcome.warnings?.length ? { warnings: outcome.warnings } : {}),
    };
  } catch (error) {
    record = {
      ...base(),
      status: statusOf(error),
      error: error instanceof Error ? error.message : String(error),
      epochs: epochsSeen,
      totalSeconds: (performance.now() - t0) / 1000,
      peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
    };
  } finally {
    clearInterval(timer);
  }
  ctx.emit(record);
  return record;
}

/** First-epoch time apart from the steady state (median of the later epochs). */
function epochTimes(seconds: readonly number[]): { firstEpochSeconds?: number; medianEpochSeconds?: number } {
  if (seconds.length === 0) return {};
  const steady = median(seconds.slice(1));
  return { firstEpochSeconds: seconds[0], ...(steady !== null ? { medianEpochSeconds: steady } : {}) };
}
