/**
 * Reductions of a telemetry trace to the run record's totals (peaks and means), and the check
 * that flags a GPU backend whose GPU stayed idle.
 */
import type { TelemetrySample } from '../results/schema';

/** Peaks and means of a trace; a field is absent when no sample had it. */
export interface TelemetrySummary {
  peakRssBytes?: number;
  meanCpuPercent?: number;
  meanGpuUtilPercent?: number;
  peakGpuUtilPercent?: number;
  peakGpuMemoryBytes?: number;
  /** GPU memory used at the first sample (other processes, driver), to tell the run's share. */
  baselineGpuMemoryBytes?: number;
}

function values(samples: readonly TelemetrySample[], key: keyof TelemetrySample): number[] {
  return samples.map((s) => s[key]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

const mean = (xs: number[]): number | undefined =>
  xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : undefined;
const max = (xs: number[]): number | undefined => (xs.length ? Math.max(...xs) : undefined);

/** Summarises a trace: peak RSS, mean CPU percent, mean/peak GPU utilisation, peak GPU memory. */
export function summarizeTelemetry(samples: readonly TelemetrySample[]): TelemetrySummary {
  const out: TelemetrySummary = {};
  const rss = max(values(samples, 'rssBytes'));
  if (rss !== undefined) out.peakRssBytes = rss;
  const cpu = mean(values(samples, 'cpuPercent'));
  if (cpu !== undefined) out.meanCpuPercent = cpu;
  const util = values(samples, 'gpuUtilPercent');
  if (util.length) {
    out.meanGpuUtilPercent = mean(util);
    out.peakGpuUtilPercent = max(util);
  }
  const mem = values(samples, 'gpuMemoryUsedBytes');
  if (mem.length) {
    out.peakGpuMemoryBytes = max(mem);
    out.baselineGpuMemoryBytes = mem[0];
  }
  return out;
}

/** Options of `gpuIdleWarning`. */
export interface GpuIdleCheck {
  backend: string;
  deviceKind: 'cpu' | 'gpu';
  samples: readonly TelemetrySample[];
  /** Utilisation at or below this (percent) counts as idle; default 2. */
  idleUtilPercent?: number;
  /** A memory rise below this over the first sample counts as none; default 32 MiB. */
  minMemoryRiseBytes?: number;
  /** CPU percent above which the process counts as busy; default 20. */
  busyCpuPercent?: number;
}

/**
 * Returns a warning when a backend that claims a GPU (`deviceKind: 'gpu'`) ran busy (CPU above
 * `busyCpuPercent`) while the GPU's utilisation stayed at about zero and its memory did not rise:
 * the work most likely ran on the CPU. Returns `undefined` when there is no GPU telemetry (no
 * nvidia-smi) or no busy sample, since nothing can be concluded then.
 */
export function gpuIdleWarning(check: GpuIdleCheck): string | undefined {
  if (check.deviceKind !== 'gpu') return undefined;
  const withGpu = check.samples.filter((s) => s.gpuUtilPercent !== undefined);
  if (withGpu.length === 0) return undefined;
  const busy = withGpu.filter((s) => (s.cpuPercent ?? 0) >= (check.busyCpuPercent ?? 20));
  if (busy.length === 0) return undefined;
  const peakUtil = Math.max(...busy.map((s) => s.gpuUtilPercent ?? 0));
  const mem = withGpu.map((s) => s.gpuMemoryUsedBytes).filter((v): v is number => v !== undefined);
  const rise = mem.length ? Math.max(...mem) - mem[0] : 0;
  if (peakUtil <= (check.idleUtilPercent ?? 2) && rise < (check.minMemoryRiseBytes ?? 32 * 1024 * 1024)) {
    return (
      `backend "${check.backend}" reports deviceKind "gpu" but the GPU stayed idle while the run was busy ` +
      `(peak GPU utilisation ${peakUtil}% over ${busy.length} busy samples, GPU memory rise ${(rise / 1048576).toFixed(0)} MiB); ` +
      "the work probably ran on the CPU: check the backend's probe (`bench doctor`) and its execution provider / engine"
    );
  }
  return undefined;
}
