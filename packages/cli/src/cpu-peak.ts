/**
 * The CPU's peak FLOP/s for MFU on CPU backends: `BENCH_PEAK_TFLOPS` when set, else measured once
 * per process by core's `calibrateCpuPeak` on onnxruntime's MatMul (MLAS) with all cores; without
 * onnxruntime there is no fast GEMM to calibrate with and CPU runs carry no MFU (reason logged).
 */
import { calibrateCpuPeak } from '@bench/core';
import type { PeakFlops } from '@bench/core';

let cached: Promise<PeakFlops | undefined> | undefined;

/** The CPU peak (memoised); `log` hears why there is none. */
export function cpuPeak(log: (line: string) => void = () => {}): Promise<PeakFlops | undefined> {
  cached ??= (async () => {
    const env = process.env.BENCH_PEAK_TFLOPS;
    if (env) {
      const tflops = Number(env);
      if (!(tflops > 0)) {
        log(`BENCH_PEAK_TFLOPS="${env}" is not a positive number of TFLOP/s; CPU runs get no MFU`);
        return undefined;
      }
      return { flops: tflops * 1e12, source: `BENCH_PEAK_TFLOPS=${env}` };
    }
    try {
      const { createOnnxruntimeGemmKernel } = await import('@bench/adapter-onnxruntime');
      return await calibrateCpuPeak(await createOnnxruntimeGemmKernel());
    } catch (error) {
      log(`no CPU peak for MFU (onnxruntime's GEMM unavailable: ${(error as Error).message})`);
      return undefined;
    }
  })();
  return cached;
}
