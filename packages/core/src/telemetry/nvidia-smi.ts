/**
 * GPU utilisation and memory from `nvidia-smi`, polled by nvidia-smi itself
 * (`--query-gpu=... -lms N`, one CSV line per GPU per tick) in one long-lived child process, so
 * sampling costs no process start per sample. When nvidia-smi is not installed the poller is
 * simply absent: no error, and GPU fields stay out of the samples.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

/** The latest reading of one GPU. */
export interface GpuReading {
  index: number;
  name: string;
  utilPercent: number;
  memoryUsedBytes: number;
  memoryTotalBytes: number;
}

/** A running nvidia-smi loop. */
export interface GpuPoller {
  /** The latest reading of the selected GPU, `undefined` until the first line arrives. */
  latest(): GpuReading | undefined;
  /** Resolves after the first reading, or with `undefined` when nvidia-smi is absent or silent. */
  ready: Promise<GpuReading | undefined>;
  /** Stops the nvidia-smi child. */
  stop(): void;
}

/** Options of `startGpuPoller`. */
export interface GpuPollerOptions {
  /** Poll interval in milliseconds (nvidia-smi's `-lms`). */
  intervalMs: number;
  /** Which GPU to read (nvidia-smi's index), default 0. */
  gpuIndex?: number;
  /** The nvidia-smi executable, default `nvidia-smi` from PATH. */
  command?: string;
  /** How long `ready` waits for the first line, default 3000 ms. */
  readyTimeoutMs?: number;
}

const MIB = 1024 * 1024;

/** Parses one `index, name, utilization.gpu, memory.used, memory.total` line (nounits, MiB). */
export function parseGpuLine(line: string): GpuReading | undefined {
  const parts = line.split(',').map((p) => p.trim());
  if (parts.length < 5) return undefined;
  const [index, name, util, used, total] = [
    Number(parts[0]),
    parts[1],
    Number(parts[2]),
    Number(parts[3]),
    Number(parts[4]),
  ];
  if (![index, util, used, total].every(Number.isFinite)) return undefined;
  return { index, name, utilPercent: util, memoryUsedBytes: used * MIB, memoryTotalBytes: total * MIB };
}

/**
 * Starts `nvidia-smi --query-gpu=index,name,utilization.gpu,memory.used,memory.total
 * --format=csv,noheader,nounits -lms <intervalMs>` and keeps the latest line of the selected GPU.
 * Memory is the whole device's used memory (every process), as nvtop shows it.
 */
export function startGpuPoller(options: GpuPollerOptions): GpuPoller {
  const gpuIndex = options.gpuIndex ?? 0;
  let last: GpuReading | undefined;
  let resolveReady: (r: GpuReading | undefined) => void = () => {};
  const ready = new Promise<GpuReading | undefined>((resolve) => {
    resolveReady = resolve;
  });
  const child = spawn(
    options.command ?? 'nvidia-smi',
    [
      '--query-gpu=index,name,utilization.gpu,memory.used,memory.total',
      '--format=csv,noheader,nounits',
      '-lms',
      String(Math.max(1, Math.round(options.intervalMs))),
    ],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const timer = setTimeout(() => resolveReady(undefined), options.readyTimeoutMs ?? 3000);
  timer.unref();
  child.on('error', () => resolveReady(undefined)); // ENOENT: no nvidia-smi, no GPU fields.
  child.on('exit', () => resolveReady(last));
  createInterface({ input: child.stdout }).on('line', (line) => {
    const reading = parseGpuLine(line);
    if (reading && reading.index === gpuIndex) {
      last = reading;
      resolveReady(reading);
    }
  });
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  return {
    latest: () => last,
    ready,
    stop: () => {
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    },
  };
}
