import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BenchError } from '../errors';
import { findDevicePeak, resolveDevicePeak } from './device-peaks';
import { mfu } from './mfu';
import { parseGpuLine } from './nvidia-smi';
import { readProcCpuSeconds, readProcRssBytes } from './proc-stats';
import { createTelemetrySampler } from './telemetry-sampler-impl';
import { gpuIdleWarning, summarizeTelemetry } from './telemetry-summary';

const fakeSmi = join(__dirname, '__fixtures__', 'fake-nvidia-smi.sh');
chmodSync(fakeSmi, 0o755);
const onLinux = process.platform === 'linux';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A PATH whose nvidia-smi is the fake script. */
function pathWithFakeSmi(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smi-'));
  symlinkSync(fakeSmi, join(dir, 'nvidia-smi'));
  return `${dir}:${process.env.PATH}`;
}

describe('proc stats', () => {
  it.skipIf(!onLinux)(
    'reads CPU seconds and RSS of this process from /proc (skipped off Linux: no /proc)',
    () => {
      const rss = readProcRssBytes(process.pid);
      expect(rss).toBeGreaterThan(10 * 1024 * 1024);
      expect(readProcCpuSeconds(process.pid)).toBeGreaterThan(0);
    },
  );
  it('returns undefined for a process that does not exist', () => {
    expect(readProcRssBytes(2 ** 22 + 12345)).toBeUndefined();
    expect(readProcCpuSeconds(2 ** 22 + 12345)).toBeUndefined();
  });
});

describe('telemetry sampler', () => {
  const savedPath = process.env.PATH;
  afterEach(() => {
    process.env.PATH = savedPath;
  });

  it.skipIf(!onLinux)(
    'samples a busy child process: CPU near one core, RSS, epoch tags; no GPU fields without nvidia-smi',
    async () => {
      const child = spawn(process.execPath, [
        '-e',
        'const b = Buffer.alloc(64 << 20, 1); const end = Date.now() + 3000; while (Date.now() < end) {}',
      ]);
      try {
        const sampler = createTelemetrySampler({
          pid: child.pid,
          intervalMs: 100,
          nvidiaSmi: '/nonexistent/nvidia-smi',
        });
        await sleep(400);
        sampler.setEpoch(1);
        await sleep(400);
        sampler.setEpoch(2);
        await sleep(300);
        const samples = sampler.stop();
        expect(samples.length).toBeGreaterThanOrEqual(6);
        expect(samples.some((s) => s.epoch === 1)).toBe(true);
        expect(samples.at(-1)?.epoch).toBe(2);
        const summary = summarizeTelemetry(samples);
        expect(summary.peakRssBytes).toBeGreaterThan(64 * 1024 * 1024);
        expect(summary.meanCpuPercent).toBeGreaterThan(30);
        expect(summary.meanCpuPercent).toBeLessThan(250);
        expect(
          samples.every((s) => s.gpuUtilPercent === undefined && s.gpuMemoryUsedBytes === undefined),
        ).toBe(true);
      } finally {
        child.kill('SIGKILL');
      }
    },
  );

  it('reads GPU utilisation and memory from a fake nvidia-smi on PATH (GPU 0 only)', async () => {
    process.env.PATH = pathWithFakeSmi();
    const sampler = createTelemetrySampler({ intervalMs: 100, gpuIndex: 0 });
    await sampler.gpuReady();
    await sleep(250);
    const samples = sampler.stop();
    const gpu = samples.filter((s) => s.gpuUtilPercent !== undefined);
    expect(gpu.length).toBeGreaterThan(0);
    expect(gpu.every((s) => s.gpuUtilPercent === 87)).toBe(true);
    expect(gpu[0].gpuMemoryUsedBytes).toBeGreaterThanOrEqual(1000 * 1024 * 1024);
    expect(sampler.gpuName).toBe('NVIDIA H100 80GB HBM3');
    expect(samples.every((s) => (s.rssBytes ?? 0) > 0)).toBe(true);
  });

  it('parses nvidia-smi CSV lines and rejects malformed ones', () => {
    expect(parseGpuLine('0, NVIDIA H200, 45, 2048, 143771')).toEqual({
      index: 0,
      name: 'NVIDIA H200',
      utilPercent: 45,
      memoryUsedBytes: 2048 * 1048576,
      memoryTotalBytes: 143771 * 1048576,
    });
    expect(parseGpuLine('0, NVIDIA H200, [N/A], 2048, 143771')).toBeUndefined();
    expect(parseGpuLine('garbage')).toBeUndefined();
  });
});

describe('GPU idle warning', () => {
  const busy = (gpuUtilPercent: number, mem: number) => ({
    t: 0,
    cpuPercent: 100,
    gpuUtilPercent,
    gpuMemoryUsedBytes: mem,
  });
  it('flags a gpu backend whose GPU stayed idle while the process was busy', () => {
    const w = gpuIdleWarning({
      backend: 'onnxruntime-cuda',
      deviceKind: 'gpu',
      samples: [busy(0, 500e6), busy(1, 500e6), busy(0, 501e6)],
    });
    expect(w).toMatch(/onnxruntime-cuda.*idle/);
  });
  it('does not flag a busy GPU, a cpu backend, or a run without GPU telemetry', () => {
    expect(
      gpuIdleWarning({ backend: 'x', deviceKind: 'gpu', samples: [busy(0, 500e6), busy(90, 2e9)] }),
    ).toBeUndefined();
    expect(gpuIdleWarning({ backend: 'x', deviceKind: 'cpu', samples: [busy(0, 500e6)] })).toBeUndefined();
    expect(
      gpuIdleWarning({ backend: 'x', deviceKind: 'gpu', samples: [{ t: 0, cpuPercent: 100 }] }),
    ).toBeUndefined();
  });
});

describe('device peaks and MFU', () => {
  it('matches nvidia-smi names to the right table rows', () => {
    expect(findDevicePeak('NVIDIA H100 80GB HBM3')?.name).toBe('H100 SXM');
    expect(findDevicePeak('NVIDIA H100 PCIe')?.name).toBe('H100 PCIe');
    expect(findDevicePeak('NVIDIA H200')?.name).toBe('H200 SXM');
    expect(findDevicePeak('NVIDIA A100-SXM4-80GB')?.name).toBe('A100');
    expect(findDevicePeak('NVIDIA L4')?.name).toBe('L4');
    expect(findDevicePeak('NVIDIA GeForce RTX 4090')?.name).toBe('RTX 4090');
    expect(findDevicePeak('NVIDIA L40S')).toBeUndefined();
  });
  it('resolves overrides: option over env over table', () => {
    expect(resolveDevicePeak('NVIDIA H100 80GB HBM3', 'fp32', { env: {} })).toBe(67e12);
    expect(resolveDevicePeak('NVIDIA H100 80GB HBM3', 'fp32', { env: { BENCH_PEAK_TFLOPS: '10' } })).toBe(
      10e12,
    );
    expect(resolveDevicePeak('anything', 'bf16', { peakFlops: 5, env: { BENCH_PEAK_TFLOPS: '10' } })).toBe(5);
    expect(resolveDevicePeak('unknown', 'fp32', { env: {} })).toBeUndefined();
    expect(() => resolveDevicePeak('x', 'fp32', { env: { BENCH_PEAK_TFLOPS: 'fast' } })).toThrow(
      /BENCH_PEAK_TFLOPS="fast"/,
    );
  });
  it('computes MFU with the 3x (forward + backward) convention', () => {
    // E3's 8-layer MLP: ~44.7k MACs forward = 89.4k FLOPs; x3 for training.
    const flopsPerSample = 2 * 44_710;
    expect(mfu(flopsPerSample * 3, 1e6, 67e12)).toBeCloseTo((flopsPerSample * 3 * 1e6) / 67e12, 15);
    expect(() => mfu(1, Number.NaN, 1)).toThrow(BenchError);
    expect(() => mfu(1, 1, 0)).toThrow(/peakFlops/);
  });
});

describe('CPU peak calibration', () => {
  it('reports the best rate of the timed GEMMs with the kernel named in the source', async () => {
    const { calibrateCpuPeak } = await import('./cpu-peak');
    let calls = 0;
    const kernel = {
      label: 'fake GEMM (10 ms a product)',
      // At least 10 ms by the clock: a 10 ms setTimeout alone can fire a little early (CI saw
      // 9.85 ms), which broke the bound below.
      run: async (_n: number) => {
        calls++;
        const t0 = performance.now();
        while (performance.now() - t0 < 10) await new Promise<void>((r) => setTimeout(r, 1));
      },
    };
    const peak = await calibrateCpuPeak(kernel, { n: 100, trials: 2, minTrialSeconds: 0.02 });
    expect(calls).toBeGreaterThanOrEqual(1 + 2 * 2);
    // Each product takes at least 10 ms, so the rate cannot beat 2 * 100^3 / 0.01 FLOP/s.
    expect(peak.flops).toBeGreaterThan(0);
    expect(peak.flops).toBeLessThanOrEqual((2 * 100 ** 3) / 0.0099);
    expect(peak.source).toMatch(/calibrated: best of 2 runs of 100x100x100 fp32 GEMMs on fake GEMM/);
    await expect(calibrateCpuPeak(kernel, { n: 0 })).rejects.toThrow(/positive integers/);
  });
});
