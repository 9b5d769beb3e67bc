/**
 * Runs one cell of any experiment and always emits a run record, built by core's `summarizeRun`
 * from the cell's epoch records: `ok`, or `failed` / `oom` / `diverged` with the reason, so that
 * `bench run` (in process) and a sweep worker record the same run the same way and go on.
 */
import { randomUUID } from 'node:crypto';
import { hostInfo, mfu, summarizeRun } from '@bench/core';
import type { EpochRecord, RunRecord } from '@bench/core';
import { cpuPeak } from '../cpu-peak';
import type { Cell, CellContext, Experiment, ExperimentContext, RunFacts, RunIdentity } from './experiment';

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
    batchSize: cell.batchSize,
    params: 0,
    layers: cell.layers,
    model: cell.model ?? asked?.model,
    repeat: cell.repeat,
  };
  const epochs: EpochRecord[] = [];
  let facts: RunFacts = {};
  const cellCtx: CellContext = {
    ...ctx,
    emit: (r) => {
      if (r.kind === 'epoch') epochs.push(r);
      ctx.emit(r);
    },
    report: (f) => {
      const warnings = [...(facts.warnings ?? []), ...(f.warnings ?? [])];
      facts = { ...facts, ...f, ...(warnings.length ? { warnings } : {}) };
    },
  };
  let error: unknown;
  try {
    await experiment.run(cell, cellCtx, (id) => {
      identity = { ...id, runId: identity.runId, cellId: cell.cellId, repeat: cell.repeat };
      return identity;
    });
  } catch (e) {
    error = e;
  } finally {
    clearInterval(timer);
  }
  const record = summarizeRun({
    identity,
    epochs,
    error,
    warmupSeconds: facts.warmupSeconds,
    flopsPerSample: facts.flopsPerSample,
    totalSeconds: (performance.now() - t0) / 1000,
    peakRssBytes: Math.max(peakRss, process.memoryUsage.rss()),
    startedAt,
    host: hostInfo(),
  });
  if (facts.warnings?.length) record.warnings = facts.warnings;
  await addCpuMfu(record, cell, ctx);
  ctx.emit(record);
  return record;
}

/**
 * MFU of a finished CPU-backend run against the calibrated CPU peak (GPU runs get theirs from the
 * device table in the sweep runner). The calibration runs after the cell, never during it.
 */
async function addCpuMfu(record: RunRecord, cell: Cell, ctx: ExperimentContext): Promise<void> {
  const kind = ctx.registry.has(cell.backend) ? ctx.registry.entry(cell.backend).deviceKind : undefined;
  if (kind !== 'cpu' || !record.samplesPerSecond || !record.flopsPerSample) return;
  const peak = await (ctx.cpuPeak ? ctx.cpuPeak() : cpuPeak(ctx.log));
  if (!peak) return;
  record.mfu = mfu(record.flopsPerSample * 3, record.samplesPerSecond, peak.flops);
  record.peakFlops = peak.flops;
  record.peakSource = peak.source;
}
