/** The calibrated CPU peak the benchmarks divide by for MFU (same calibration as `bench run`). */
import { createOnnxruntimeGemmKernel } from '@bench/adapter-onnxruntime';
import { calibrateCpuPeak } from '@bench/core';
import type { PeakFlops } from '@bench/core';

/** Best-of-5 1024^3 GEMMs on onnxruntime's MLAS with all cores. */
export async function measuredCpuPeak(): Promise<PeakFlops> {
  return calibrateCpuPeak(await createOnnxruntimeGemmKernel());
}

/**
 * The higher of `earlier` and a calibration now: one inside the VM's slow stretches reads up to
 * ~1.5x low (270-420 GFLOP/s over one evening at idle), which would inflate MFU. Call it after
 * the timed rounds.
 */
export async function recalibratedCpuPeak(earlier: PeakFlops): Promise<PeakFlops> {
  const now = await measuredCpuPeak();
  console.log(`CPU peak after the rounds ${now.source}`);
  return now.flops > earlier.flops ? now : earlier;
}
