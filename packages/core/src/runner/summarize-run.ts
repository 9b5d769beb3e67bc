import { RESULTS_SCHEMA_VERSION } from '../results/schema';
import type { EpochRecord, RunRecord, RunStatus } from '../results/schema';
/**
 * The one place a run's totals are computed from its epoch records, for `bench run` (in process)
 * and for sweep cells (in a worker, or in the parent when the worker died): status, divergence,
 * steady-state samples/s and epoch time, warm-up apart.
 */
import { DivergedError } from '../train/diverged-error';
import { isOomText } from './classify-failure';
import { median } from './summarize-repeats';

/** The identifying fields every record of a run carries. */
export type RunIdentityFields = Pick<
  RunRecord,
  | 'runId'
  | 'cellId'
  | 'experiment'
  | 'backend'
  | 'device'
  | 'batchSize'
  | 'params'
  | 'layers'
  | 'model'
  | 'repeat'
>;

/** What `summarizeRun` needs besides the epoch records. */
export interface RunSummaryInput {
  identity: RunIdentityFields;
  /** Every epoch the run finished, in order, including one whose loss was not finite. */
  epochs: readonly EpochRecord[];
  /** What ended the run early, if anything (a thrown error); its kind sets the status. */
  error?: unknown;
  /** Compile + prepare seconds (warm-up, before the first step). */
  warmupSeconds?: number;
  /** Wall seconds of the whole run. */
  totalSeconds: number;
  peakRssBytes: number;
  flopsPerSample?: number;
  startedAt: string;
  host: RunRecord['host'];
}

/** True when the record's losses are finite numbers (it can be written and validated). */
export function isFiniteEpoch(r: EpochRecord): boolean {
  return Number.isFinite(r.trainLoss) && (r.validLoss === null || Number.isFinite(r.validLoss));
}

/** The first epoch whose training or validation loss is NaN or infinite, if any. */
export function findDivergence(epochs: readonly EpochRecord[]): RunRecord['divergence'] {
  const bad = epochs.find((r) => !isFiniteEpoch(r));
  if (!bad) return undefined;
  const loss = Number.isFinite(bad.trainLoss) ? bad.validLoss : bad.trainLoss;
  return { epoch: bad.epoch, loss: loss === null ? null : String(loss) };
}

/** Classifies what ended a run: diverged, out of memory, or another failure. */
export function runStatusOf(error: unknown): Exclude<RunStatus, 'ok' | 'timeout'> {
  if (DivergedError.isInstance(error)) return 'diverged';
  if (isOomText(error instanceof Error ? error.message : String(error))) return 'oom';
  return 'failed';
}

/**
 * The steady-state epochs: those after the first (which carries first-touch costs: allocations,
 * caches, lazy kernels), or the only epoch of a one-epoch run.
 */
export function steadyEpochs<T extends EpochRecord>(epochs: readonly T[]): T[] {
  return epochs.length > 1 ? epochs.slice(1) : [...epochs];
}

/**
 * A run's training time at steady state: the median epoch time after the first, times the
 * epochs; the measured training seconds where there is no steady state (one epoch, old records).
 * What the E3 crossover and the repeat summaries compare, so a first epoch's one-off costs
 * (allocations, lazy kernels) do not decide which backend wins.
 */
export function steadyTrainSeconds(
  run: Pick<RunRecord, 'medianEpochSeconds' | 'epochs' | 'trainSeconds' | 'totalSeconds'>,
): number {
  if (run.medianEpochSeconds !== undefined && run.epochs > 1) return run.medianEpochSeconds * run.epochs;
  return run.trainSeconds ?? run.totalSeconds;
}

/**
 * Builds a run record from a run's epoch records: `ok` unless an error or a non-finite loss
 * ended it; samples/s and the steady-state epoch time are medians over the steady-state epochs
 * (finite ones only); warm-up (compile + prepare) and the first epoch are reported apart.
 */
export function summarizeRun(input: RunSummaryInput): RunRecord {
  const finite = input.epochs.filter(isFiniteEpoch);
  const divergence =
    findDivergence(input.epochs) ??
    (DivergedError.isInstance(input.error)
      ? {
          epoch: input.error.epoch,
          loss: input.error.loss === null ? null : String(input.error.loss),
        }
      : undefined);
  const status: RunStatus = divergence
    ? 'diverged'
    : input.error !== undefined
      ? runStatusOf(input.error)
      : 'ok';
  const error =
    input.error !== undefined
      ? input.error instanceof Error
        ? input.error.message
        : String(input.error)
      : divergence
        ? `training diverged: epoch ${divergence.epoch} loss is ${divergence.loss}; lower the learning rate or check the inputs and initial weights`
        : undefined;
  const steady = steadyEpochs(finite);
  const last = finite.at(-1);
  const sps = median(steady.map((r) => r.samplesPerSecond));
  const medianEpoch = finite.length > 1 ? median(steady.map((r) => r.seconds)) : null;
  const dataSeconds = finite.some((r) => r.dataSeconds !== undefined)
    ? finite.reduce((a, r) => a + (r.dataSeconds ?? 0), 0)
    : undefined;
  const trainErr = last?.trainErrorRate;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    kind: 'run',
    ...withoutUndefined(input.identity),
    status,
    ...(error !== undefined ? { error } : {}),
    ...(divergence ? { divergence } : {}),
    epochs: finite.length,
    totalSeconds: input.totalSeconds,
    trainSeconds: finite.reduce((a, r) => a + r.seconds, 0),
    ...(input.warmupSeconds !== undefined ? { warmupSeconds: input.warmupSeconds } : {}),
    ...(finite.length ? { firstEpochSeconds: finite[0]!.seconds } : {}),
    ...(medianEpoch !== null ? { medianEpochSeconds: medianEpoch } : {}),
    ...(dataSeconds !== undefined ? { dataSeconds } : {}),
    peakRssBytes: input.peakRssBytes,
    ...(sps !== null ? { samplesPerSecond: sps } : {}),
    ...(last
      ? {
          finalTrainLoss: last.trainLoss,
          finalValidLoss: last.validLoss,
          finalErrorRate: last.errorRate,
          ...(trainErr !== undefined ? { finalTrainErrorRate: trainErr } : {}),
        }
      : {}),
    ...(input.flopsPerSample !== undefined ? { flopsPerSample: input.flopsPerSample } : {}),
    startedAt: input.startedAt,
    host: input.host,
  };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
