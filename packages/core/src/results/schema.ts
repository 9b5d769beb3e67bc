/**
 * Result records: the data every table, CSV and chart is drawn from. One JSON object per line
 * (JSONL), validated by these zod schemas; `schemaVersion` tells versions apart.
 */
import { z } from 'zod';

export const RESULTS_SCHEMA_VERSION = 1 as const;

/** How a run ended. */
export const RunStatus = z.enum(['ok', 'failed', 'oom', 'timeout', 'diverged']);
export type RunStatus = z.infer<typeof RunStatus>;

/** Fields shared by every record of one run. */
const runFields = {
  schemaVersion: z.literal(RESULTS_SCHEMA_VERSION),
  /** Unique per run (a sweep cell x repeat). */
  runId: z.string().min(1),
  /** Sweep cell id when the run belongs to a sweep. */
  cellId: z.string().optional(),
  experiment: z.string().min(1),
  backend: z.string().min(1),
  device: z.string(),
  batchSize: z.number().int().positive(),
  params: z.number().int().nonnegative(),
  /** E3: number of linear layers. */
  layers: z.number().int().positive().optional(),
  /** Model name (e.g. `mlp-8`, `cifar-cnn`). */
  model: z.string().optional(),
  repeat: z.number().int().nonnegative().optional(),
};

/** One epoch of one run. */
export const EpochRecord = z.object({
  ...runFields,
  kind: z.literal('epoch'),
  /** 1-based. */
  epoch: z.number().int().positive(),
  /** Fine-tuning phase (`frozen` / `unfrozen`), or `train`. */
  phase: z.string().optional(),
  trainLoss: z.number(),
  validLoss: z.number().nullable(),
  errorRate: z.number().min(0).max(1).nullable(),
  /** Wall seconds of training this epoch (evaluation excluded; waiting for data included). */
  seconds: z.number().nonnegative(),
  /**
   * Seconds of `seconds` the session spent waiting for its next batch (collation, reading):
   * large values mean the data path, not the engine, limits the speed.
   */
  dataSeconds: z.number().nonnegative().optional(),
  /** Wall seconds of evaluation after this epoch. */
  evalSeconds: z.number().nonnegative().optional(),
  samplesPerSecond: z.number().nonnegative(),
  /** Training accuracy is 1 - trainErrorRate when measured. */
  trainErrorRate: z.number().min(0).max(1).nullable().optional(),
  timestamp: z.string(),
});
export type EpochRecord = z.infer<typeof EpochRecord>;

/** One sample of hardware telemetry. */
export const TelemetrySample = z.object({
  /** Seconds since the run started. */
  t: z.number(),
  /** Process CPU utilisation in percent of one core (can exceed 100 with threads). */
  cpuPercent: z.number().optional(),
  rssBytes: z.number().optional(),
  gpuUtilPercent: z.number().optional(),
  gpuMemoryUsedBytes: z.number().optional(),
  /** Epoch in progress when sampled (aligns traces to epoch boundaries). */
  epoch: z.number().int().optional(),
});
export type TelemetrySample = z.infer<typeof TelemetrySample>;

/** The telemetry trace of one run. */
export const TelemetryRecord = z.object({
  ...runFields,
  kind: z.literal('telemetry'),
  intervalMs: z.number().positive(),
  gpuName: z.string().optional(),
  samples: z.array(TelemetrySample),
});
export type TelemetryRecord = z.infer<typeof TelemetryRecord>;

/** Predictions on some test examples (E4's 4x6 grid). Images are PNG data URLs. */
export const PredictionsRecord = z.object({
  ...runFields,
  kind: z.literal('predictions'),
  classNames: z.array(z.string()),
  items: z.array(
    z.object({
      image: z.string().optional(),
      label: z.number().int(),
      predicted: z.number().int(),
      probability: z.number().optional(),
    }),
  ),
});
export type PredictionsRecord = z.infer<typeof PredictionsRecord>;

/** One run (cell x repeat): how it ended and its totals. */
export const RunRecord = z.object({
  ...runFields,
  kind: z.literal('run'),
  status: RunStatus,
  /** Why it failed / ran out of memory / timed out / diverged. */
  error: z.string().optional(),
  epochs: z.number().int().nonnegative(),
  /** Wall seconds of the whole run (warm-up, training, evaluation). */
  totalSeconds: z.number().nonnegative(),
  /** Wall seconds of the timed training epochs only. */
  trainSeconds: z.number().nonnegative().optional(),
  /**
   * Seconds of warm-up before the first step: compiling the program on the backend and preparing
   * the engine for the batch size (`session.prepare`), timed by core's `compileSession`.
   */
  warmupSeconds: z.number().nonnegative().optional(),
  /** Seconds of the first epoch: it carries the first-touch costs (kernel compiles, allocations). */
  firstEpochSeconds: z.number().nonnegative().optional(),
  /** Median seconds of the epochs after the first: the steady-state epoch time. */
  medianEpochSeconds: z.number().nonnegative().optional(),
  /** Seconds of the timed epochs spent waiting for data (sum of the epochs' `dataSeconds`). */
  dataSeconds: z.number().nonnegative().optional(),
  /**
   * Where a `diverged` run's loss stopped being finite: the 1-based epoch and the loss as text
   * (`"NaN"`, `"Infinity"`), or null when there was no loss to show. That epoch has no epoch
   * record (a record holds finite numbers only).
   */
  divergence: z.object({ epoch: z.number().int().positive(), loss: z.string().nullable() }).optional(),
  peakRssBytes: z.number().nonnegative(),
  peakDeviceBytes: z.number().nonnegative().optional(),
  meanCpuPercent: z.number().optional(),
  meanGpuUtilPercent: z.number().optional(),
  /** Median samples/s of the steady-state epochs (after the first; the only one of a 1-epoch run). */
  samplesPerSecond: z.number().nonnegative().optional(),
  finalTrainLoss: z.number().optional(),
  finalValidLoss: z.number().nullable().optional(),
  /** Validation error rate after the last epoch. */
  finalErrorRate: z.number().nullable().optional(),
  /** Training-set error rate after the last epoch, where measured (E3 reports it). */
  finalTrainErrorRate: z.number().nullable().optional(),
  flopsPerSample: z.number().nonnegative().optional(),
  /** Model FLOPs utilisation against the device's peak, when known. */
  mfu: z.number().nonnegative().optional(),
  /** The peak FLOP/s that MFU divides by, and where it came from (table, override, calibration). */
  peakFlops: z.number().positive().optional(),
  peakSource: z.string().optional(),
  /** Set when a backend claiming a GPU showed no GPU activity. */
  warnings: z.array(z.string()).optional(),
  startedAt: z.string(),
  host: z.object({
    hostname: z.string(),
    platform: z.string(),
    cpus: z.number().int(),
    cpuModel: z.string().optional(),
    node: z.string(),
  }),
});
export type RunRecord = z.infer<typeof RunRecord>;

/** Any result record. */
export const ResultRecord = z.discriminatedUnion('kind', [
  EpochRecord,
  RunRecord,
  TelemetryRecord,
  PredictionsRecord,
]);
export type ResultRecord = z.infer<typeof ResultRecord>;
