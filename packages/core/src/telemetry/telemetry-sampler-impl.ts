/**
 * Implementation of `TelemetrySampler` on /proc (CPU, RSS) and an nvidia-smi loop (GPU).
 */
import type { TelemetrySample } from '../results/schema';
import { type GpuPoller, startGpuPoller } from './nvidia-smi';
import { readProcCpuSeconds, readProcRssBytes } from './proc-stats';
import type { TelemetrySampler, TelemetrySamplerOptions } from './telemetry-sampler';

function defaultGpuIndex(): number {
  const first = process.env.CUDA_VISIBLE_DEVICES?.split(',')[0]?.trim();
  return first && /^\d+$/.test(first) ? Number(first) : 0;
}

/**
 * Starts sampling a process (default: this one) every `intervalMs`. CPU percent is CPU seconds
 * used between two samples over the wall seconds between them (100 = one core busy; threads can
 * push it past 100). Fields that cannot be read on this machine are left out of the samples.
 */
export function createTelemetrySampler(options: TelemetrySamplerOptions = {}): TelemetrySampler {
  const pid = options.pid ?? process.pid;
  const self = pid === process.pid;
  const intervalMs = options.intervalMs ?? 500;
  const start = performance.now();
  const samples: TelemetrySample[] = [];
  let epoch: number | undefined;
  const cpuSeconds = (): number | undefined => {
    if (self) {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    }
    return readProcCpuSeconds(pid);
  };
  let lastCpu = cpuSeconds();
  let lastT = 0;
  let gpu: GpuPoller | undefined;
  if (options.nvidiaSmi !== false) {
    gpu = startGpuPoller({
      intervalMs,
      command:
        typeof options.nvidiaSmi === 'string' && options.nvidiaSmi !== 'auto' ? options.nvidiaSmi : undefined,
      gpuIndex: options.gpuIndex ?? defaultGpuIndex(),
    });
  }

  const sampleNow = (): TelemetrySample => {
    const t = (performance.now() - start) / 1000;
    const sample: TelemetrySample = { t: Math.round(t * 1000) / 1000 };
    const cpu = cpuSeconds();
    if (cpu !== undefined && lastCpu !== undefined && t > lastT) {
      sample.cpuPercent = Math.max(0, ((cpu - lastCpu) / (t - lastT)) * 100);
    }
    if (cpu !== undefined) {
      lastCpu = cpu;
      lastT = t;
    }
    const rss = self ? process.memoryUsage.rss() : readProcRssBytes(pid);
    if (rss !== undefined) sample.rssBytes = rss;
    const reading = gpu?.latest();
    if (reading) {
      sample.gpuUtilPercent = reading.utilPercent;
      sample.gpuMemoryUsedBytes = reading.memoryUsedBytes;
    }
    if (epoch !== undefined) sample.epoch = epoch;
    // The first sample has no CPU interval yet; keep it only for RSS/GPU.
    samples.push(sample);
    options.onSample?.(sample);
    return sample;
  };

  const timer = setInterval(sampleNow, intervalMs);
  timer.unref();
  let stopped = false;
  return {
    pid,
    intervalMs,
    get gpuName() {
      return gpu?.latest()?.name;
    },
    samples,
    setEpoch(next) {
      epoch = next;
      if (!stopped) sampleNow();
    },
    sampleNow,
    async gpuReady() {
      await gpu?.ready;
    },
    stop() {
      if (!stopped) {
        stopped = true;
        clearInterval(timer);
        sampleNow();
        gpu?.stop();
      }
      return samples;
    },
  };
}
