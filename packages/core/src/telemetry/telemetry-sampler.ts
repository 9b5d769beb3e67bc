/**
 * The telemetry sampler: CPU utilisation, resident memory and (where an NVIDIA GPU and
 * nvidia-smi exist) GPU utilisation and memory of one process, sampled at a steady interval and
 * tagged with the epoch in progress. Samples use the result schema's `TelemetrySample`.
 */
import type { TelemetrySample } from '../results/schema';

/** A running sampler; create one with `createTelemetrySampler`. */
export interface TelemetrySampler {
  /** Process being sampled. */
  readonly pid: number;
  /** Sampling interval in milliseconds. */
  readonly intervalMs: number;
  /** GPU name reported by nvidia-smi, once known. */
  readonly gpuName: string | undefined;
  /** Samples so far (the live array; copy it if you keep it past `stop`). */
  readonly samples: readonly TelemetrySample[];
  /** Marks the start of an epoch: later samples carry it, and a sample is taken right away. */
  setEpoch(epoch: number | undefined): void;
  /** Takes one sample now (also done by the timer). */
  sampleNow(): TelemetrySample;
  /** Resolves once the GPU poller gave its first reading or was found absent. */
  gpuReady(): Promise<void>;
  /** Stops the timer and the nvidia-smi child; returns every sample, a final one included. */
  stop(): TelemetrySample[];
}

/** Options of `createTelemetrySampler`. */
export interface TelemetrySamplerOptions {
  /** Process to sample; default this process (CPU then comes from `process.cpuUsage`). */
  pid?: number;
  /** Interval in milliseconds, default 500. */
  intervalMs?: number;
  /**
   * GPU sampling: `'auto'` (default) runs `nvidia-smi` from PATH if present, a string names the
   * nvidia-smi executable, `false` turns GPU sampling off.
   */
  nvidiaSmi?: 'auto' | string | false;
  /** nvidia-smi GPU index to read, default 0 (or the first of CUDA_VISIBLE_DEVICES if numeric). */
  gpuIndex?: number;
  /** Called with every sample (e.g. an RSS watchdog). */
  onSample?: (sample: TelemetrySample) => void;
}
