/**
 * The Trainer: runs epochs of a Session over a DataLoader, evaluates, times, prints the
 * fastai-style table and emits one EpochRecord per epoch. Batches stream from the loader into
 * the session (training and validation alike), so no epoch is ever held in memory. Timing covers
 * training only, with the time spent waiting for data counted apart; evaluation is timed apart.
 */
import type { EvalResult, Session } from '../backend/backend';
import type { DataLoader } from '../data/data-loader';
import { EmptyDatasetError } from '../data/empty-dataset-error';
import { type BatchPullStats, timedBatches } from '../data/timed-batches';
import { RESULTS_SCHEMA_VERSION } from '../results/schema';
import type { EpochRecord } from '../results/schema';
import { DivergedError } from './diverged-error';
import { fastaiHeader, fastaiRow } from './fastai-table';

/** Identity of the run the trainer's records belong to. */
export interface RunMeta {
  runId: string;
  cellId?: string;
  experiment: string;
  backend: string;
  device: string;
  batchSize: number;
  params: number;
  layers?: number;
  model?: string;
  repeat?: number;
}

export interface TrainerOptions {
  session: Session;
  train: DataLoader;
  valid?: DataLoader;
  meta: RunMeta;
  /** Receives printed lines (table header and rows); default: nothing is printed. */
  log?: (line: string) => void;
  /** Receives each epoch record as soon as it exists (never one with a non-finite loss). */
  onEpoch?: (record: EpochRecord) => void;
  /** Called before each epoch starts (telemetry alignment). */
  onEpochStart?: (epoch: number) => void;
  /** Also measure the training-set error rate: never, after the last epoch, or every epoch. */
  trainError?: 'never' | 'last' | 'every';
  /** Evaluate on `valid` every this many epochs (and after the last); default 1. */
  evalEvery?: number;
  /** Print a table row every this many epochs (and the first and last); default 1. */
  logEvery?: number;
  /** Epochs already done (numbering continues after them, e.g. across fine-tuning phases). */
  startEpoch?: number;
  /** Print the table header (default true; a later phase of the same table passes false). */
  header?: boolean;
}

export class Trainer {
  private epochsDone = 0;
  private headerPrinted = false;
  readonly records: EpochRecord[] = [];

  constructor(readonly options: TrainerOptions) {
    this.epochsDone = options.startEpoch ?? 0;
    this.headerPrinted = options.header === false;
  }

  /**
   * Trains `epochs` more epochs; returns their records. Throws DivergedError (after printing the
   * epoch's row, without emitting its record) when the training or validation loss is not
   * finite, and EmptyDatasetError before any step when the training set is empty.
   */
  async fit(epochs: number, opts: { phase?: string } = {}): Promise<EpochRecord[]> {
    if (!Number.isInteger(epochs) || epochs < 0)
      throw new RangeError(`fit: epochs must be a non-negative integer, got ${epochs}`);
    const {
      session,
      train,
      valid,
      meta,
      log,
      trainError = 'never',
      evalEvery = 1,
      logEvery = 1,
    } = this.options;
    if (log && !this.headerPrinted) {
      log(fastaiHeader(opts.phase !== undefined));
      this.headerPrinted = true;
    }
    if (epochs > 0 && train.samples === 0) throw new EmptyDatasetError('training set');
    const out: EpochRecord[] = [];
    for (let e = 0; e < epochs; e++) {
      const epoch = ++this.epochsDone;
      this.options.onEpochStart?.(epoch);
      const pulled: BatchPullStats = { waitSeconds: 0, sizes: [] };
      const t0 = performance.now();
      const losses = await session.trainEpoch(timedBatches(train.stream(epoch - 1), pulled));
      const seconds = (performance.now() - t0) / 1000;
      let lossSum = 0;
      let samples = 0;
      pulled.sizes.forEach((n, i) => {
        lossSum += losses[i]! * n;
        samples += n;
      });
      const trainLoss = samples > 0 ? lossSum / samples : Number.NaN;
      const e0 = performance.now();
      const last = e === epochs - 1;
      let v: EvalResult | null = null;
      if (valid && valid.samples > 0 && (last || epoch % evalEvery === 0)) {
        v = await session.evaluate(valid.stream(0));
      }
      const te =
        trainError === 'every' || (trainError === 'last' && last)
          ? await session.evaluate(train.stream(0))
          : null;
      const evalSeconds = (performance.now() - e0) / 1000;
      const record: EpochRecord = {
        schemaVersion: RESULTS_SCHEMA_VERSION,
        kind: 'epoch',
        ...meta,
        epoch,
        ...(opts.phase !== undefined ? { phase: opts.phase } : {}),
        trainLoss,
        validLoss: v ? v.loss : null,
        errorRate: v ? v.errorRate : null,
        ...(te ? { trainErrorRate: te.errorRate } : {}),
        seconds,
        dataSeconds: pulled.waitSeconds,
        evalSeconds,
        samplesPerSecond: seconds > 0 ? samples / seconds : 0,
        timestamp: new Date().toISOString(),
      };
      if (last || epoch === 1 || epoch % logEvery === 0) log?.(fastaiRow({ ...record, phase: opts.phase }));
      if (!Number.isFinite(trainLoss)) throw new DivergedError(epoch, trainLoss);
      if (v && !Number.isFinite(v.loss)) throw new DivergedError(epoch, v.loss, 'valid');
      this.records.push(record);
      out.push(record);
      this.options.onEpoch?.(record);
    }
    return out;
  }
}
