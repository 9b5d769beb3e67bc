/**
 * The CPU's peak for MFU, measured rather than looked up: a CPU has no datasheet number that
 * survives turbo clocks, VMs and shared hosts, so the peak is the best rate of a short run of
 * square fp32 GEMMs on the fastest BLAS at hand (an adapter supplies it, e.g. onnxruntime's MLAS).
 */
import { loadavg } from 'node:os';
import { BenchError } from '../errors';

/** A peak and where it came from (recorded beside every MFU). */
export interface PeakFlops {
  /** FLOP/s. */
  flops: number;
  /** How it was obtained: the datasheet/table entry, the override, or the calibration run. */
  source: string;
}

/** A GEMM the calibration can time: `run(n)` computes one n x n x n fp32 product. */
export interface GemmKernel {
  /** Engine, kernel and threads, for the source line (e.g. "onnxruntime 1.29 MatMul (MLAS), 2 threads"). */
  label: string;
  run(n: number): Promise<void>;
}

/** Options of `calibrateCpuPeak`. */
export interface CalibrateOptions {
  /** Matrix size, default 1024 (2.1 GFLOP a product: tens of ms on one core). */
  n?: number;
  /** Timed trials; the peak is the best one. Default 5. */
  trials?: number;
  /** Each trial repeats the product until it has run this long, default 0.05 s. */
  minTrialSeconds?: number;
}

/**
 * Times `gemm` and returns the best rate of several trials (after one untimed product) as the
 * peak. The best, not the median: a peak is what the machine can do, and other jobs on a shared
 * machine only ever slow a trial down. The load average goes into the source line.
 */
export async function calibrateCpuPeak(gemm: GemmKernel, options: CalibrateOptions = {}): Promise<PeakFlops> {
  const n = options.n ?? 1024;
  const trials = options.trials ?? 5;
  const minSeconds = options.minTrialSeconds ?? 0.05;
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(trials) || trials < 1)
    throw new BenchError(
      'BenchError.InvalidPeak',
      `calibrateCpuPeak: n = ${n} and trials = ${trials} must be positive integers`,
    );
  await gemm.run(n);
  let best = 0;
  for (let t = 0; t < trials; t++) {
    let reps = 0;
    const t0 = performance.now();
    let elapsed = 0;
    do {
      await gemm.run(n);
      reps++;
      elapsed = (performance.now() - t0) / 1000;
    } while (elapsed < minSeconds);
    best = Math.max(best, (2 * n ** 3 * reps) / elapsed);
  }
  const load = loadavg()[0]!.toFixed(1);
  return {
    flops: best,
    source: `calibrated: best of ${trials} runs of ${n}x${n}x${n} fp32 GEMMs on ${gemm.label}, ${(best / 1e9).toFixed(1)} GFLOP/s (load average ${load})`,
  };
}
