/** The calibrated CPU peak the benchmarks divide by for MFU (same calibration as `bench run`). */
import { createOnnxruntimeGemmKernel } from '@bench/adapter-onnxruntime';
import { calibrateCpuPeak } from '@bench/core';
import type { PeakFlops } from '@bench/core';

/** Best-of-5 1024^3 GEMMs on onnxruntime's MLAS with all cores. */
export async function measuredCpuPeak(): Promise<PeakFlops> {
  return calibrateCpuPeak(await createOnnxruntimeGemmKernel());
}
