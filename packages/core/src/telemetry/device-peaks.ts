/**
 * Known peak throughputs of common NVIDIA GPUs, dense (no structured sparsity), in FLOP/s, for
 * model-FLOPs-utilisation (MFU). Vendors quote tensor-core peaks "with sparsity" (2x); the
 * numbers here are the dense halves. Override with the `peakFlops` option of `resolveDevicePeak`
 * or the environment variable `BENCH_PEAK_TFLOPS` (a number in TFLOP/s).
 */
import { BenchError } from '../errors';

/** The precision a peak applies to. */
export type PeakPrecision = 'fp32' | 'tf32' | 'bf16';

/** One device's dense peaks in FLOP/s. */
export interface DevicePeak {
  /** Display name. */
  name: string;
  /** Case-insensitive pattern matched against nvidia-smi's / the backend's device name. */
  match: RegExp;
  fp32: number;
  tf32: number;
  bf16: number;
  /** Where the numbers come from. */
  source: string;
}

const T = 1e12;

/**
 * The table. Order matters: the first matching entry wins (so "H100 PCIe" and "H100 NVL" come
 * before the generic H100, which is the SXM part nvidia-smi names "NVIDIA H100 80GB HBM3").
 */
export const DEVICE_PEAKS: readonly DevicePeak[] = [
  // NVIDIA H100 Tensor Core GPU datasheet (2023), PCIe column: FP32 51 TF, TF32 756 TF*, BF16 1,513 TF* (*sparse).
  {
    name: 'H100 PCIe',
    match: /H100.*PCIe/i,
    fp32: 51 * T,
    tf32: 378 * T,
    bf16: 756.5 * T,
    source: 'NVIDIA H100 datasheet (PCIe)',
  },
  // Same datasheet, H100 NVL column: FP32 60 TF, TF32 835 TF*, BF16 1,671 TF*.
  {
    name: 'H100 NVL',
    match: /H100.*NVL/i,
    fp32: 60 * T,
    tf32: 417.5 * T,
    bf16: 835.5 * T,
    source: 'NVIDIA H100 datasheet (NVL)',
  },
  // Same datasheet, SXM column: FP32 67 TF, TF32 989 TF*, BF16 1,979 TF*.
  {
    name: 'H100 SXM',
    match: /H100/i,
    fp32: 67 * T,
    tf32: 494.5 * T,
    bf16: 989.5 * T,
    source: 'NVIDIA H100 datasheet (SXM)',
  },
  // NVIDIA H200 datasheet (2024), H200 NVL column: FP32 60 TF, TF32 835 TF*, BF16 1,671 TF*.
  {
    name: 'H200 NVL',
    match: /H200.*NVL/i,
    fp32: 60 * T,
    tf32: 417.5 * T,
    bf16: 835.5 * T,
    source: 'NVIDIA H200 datasheet (NVL)',
  },
  // Same datasheet, H200 SXM column: FP32 67 TF, TF32 989 TF*, BF16 1,979 TF* (same silicon as H100 SXM).
  {
    name: 'H200 SXM',
    match: /H200/i,
    fp32: 67 * T,
    tf32: 494.5 * T,
    bf16: 989.5 * T,
    source: 'NVIDIA H200 datasheet (SXM)',
  },
  // NVIDIA A100 datasheet: FP32 19.5 TF, TF32 156 TF (312 sparse), BF16 312 TF (624 sparse).
  {
    name: 'A100',
    match: /A100/i,
    fp32: 19.5 * T,
    tf32: 156 * T,
    bf16: 312 * T,
    source: 'NVIDIA A100 datasheet',
  },
  // NVIDIA L4 datasheet: FP32 30.3 TF, TF32 120 TF*, BF16 242 TF* (*sparse).
  {
    name: 'L4',
    match: /\bL4\b/i,
    fp32: 30.3 * T,
    tf32: 60 * T,
    bf16: 121 * T,
    source: 'NVIDIA L4 datasheet',
  },
  // NVIDIA Ada Lovelace architecture whitepaper (v1.0), RTX 4090: FP32 82.6 TF, TF32 82.6/165.2 TF,
  // BF16 (FP32 accumulate) 165.2/330.4 TF (dense/sparse).
  {
    name: 'RTX 4090',
    match: /RTX 4090/i,
    fp32: 82.6 * T,
    tf32: 82.6 * T,
    bf16: 165.2 * T,
    source: 'NVIDIA Ada Lovelace whitepaper',
  },
];

/** Finds the table entry whose pattern matches a device name, or `undefined`. */
export function findDevicePeak(deviceName: string): DevicePeak | undefined {
  return DEVICE_PEAKS.find((d) => d.match.test(deviceName));
}

/** Options of `resolveDevicePeak`. */
export interface ResolvePeakOptions {
  /** Peak FLOP/s to use regardless of the table (highest priority). */
  peakFlops?: number;
  /** Environment to read `BENCH_PEAK_TFLOPS` from; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * The peak FLOP/s for a device and precision: the `peakFlops` option, else `BENCH_PEAK_TFLOPS`
 * (TFLOP/s), else the table; `undefined` when the device is unknown (MFU is then not reported).
 */
export function resolveDevicePeak(
  deviceName: string,
  precision: PeakPrecision,
  options: ResolvePeakOptions = {},
): number | undefined {
  if (options.peakFlops !== undefined) return options.peakFlops;
  const env = (options.env ?? process.env).BENCH_PEAK_TFLOPS;
  if (env !== undefined && env !== '') {
    const tflops = Number(env);
    if (!Number.isFinite(tflops) || tflops <= 0) {
      throw new BenchError(
        'BenchError.InvalidPeak',
        `BENCH_PEAK_TFLOPS="${env}" is not a positive number; set it to the device's dense peak in TFLOP/s (e.g. 67 for an H100 SXM in fp32) or unset it`,
      );
    }
    return tflops * T;
  }
  return findDevicePeak(deviceName)?.[precision];
}
