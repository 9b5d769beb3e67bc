/**
 * The Trainer: runs epochs of a Session over a DataLoader, evaluates, times, prints the
 * fastai-style table and emits one EpochRecord per epoch. Timing covers training only;
 * evaluation is timed apart.
 */
import type { Batch, EvalResult, Session } from '../backend/backend';
import type { DataLoader } from '../data/data-loader';
import { BenchError } from '../errors';
import { RESULTS_SCHEMA_VERSION } from '../results/schema';
import type { EpochRecord } from '../results/schema';
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
  /** Receives each epoch record as soon as it exists. */
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

/** A training loss that is NaN or infinite: the run diverged. */
export class DivergedError extends BenchError {
  constructor(
    readonly epoch: number,
    readonly loss: number,
  ) {
    super(
      'BenchError.Diverged',
      `training diverged: epoch ${epoch} loss is ${loss}; lower the learning rate or check the inputs`,
    );
  }
}

export class Trainer {
  private epochsDone = 0;
  private headerPrinted = false;
  /** The validation batches never change (epoch 0 order): collated once, on first use. */
  private validBatches?: Batch[];
  readonly records: EpochRecord[] = [];

  constructor(readonly options: TrainerOptions) {
    this.epochsDone = options.startEpoch ?? 0;
    this.headerPrinted = options.header === false;
  }

  /**
   * Trains `epochs` more epochs; returns their records. Throws DivergedError (after recording
   * the epoch) when the loss is not finite.
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
    const out: EpochRecord[] = [];
    for (let e = 0; e < epochs; e++) {
      const epoch = ++this.epochsDone;
      this.options.onEpochStart?.(epoch);
      const batches = train.batches(epoch - 1);
      const samples = batches.reduce((n, b) => n + b.y.shape[0]!, 0);
      const t0 = performance.now();
      const losses = await session.trainEpoch(batches);
      const seconds = (performance.now() - t0) / 1000;
      let lossSum = 0;
      batches.forEach((b, i) => {
        lossSum += losses[i]! * b.y.shape[0]!;
      });
      const trainLoss = lossSum / samples;
      const e0 = performance.now();
      const last = e === epochs - 1;
      let v: EvalResult | null = null;
      if (valid && (last || epoch % evalEvery === 0)) {
        this.validBatches ??= valid.batches(0);
        v = await session.evaluate(this.validBatches);
      }
      const te =
        trainError === 'every' || (trainError === 'last' && last)
          ? await session.evaluate(train.batches(0))
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
        evalSeconds,
        samplesPerSecond: seconds > 0 ? samples / seconds : 0,
        timestamp: new Date().toISOString(),
      };
      this.records.push(record);
      out.push(record);
      this.options.onEpoch?.(record);
      if (last || epoch === 1 || epoch % logEvery === 0) log?.(fastaiRow({ ...record, phase: opts.phase }));
      if (!Number.isFinite(trainLoss)) throw new DivergedError(epoch, trainLoss);
    }
    return out;
  }
}
