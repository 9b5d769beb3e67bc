import { calibrateCpuPeak } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { createOnnxruntimeGemmKernel } from './gemm-kernel';

describe('onnxruntime GEMM kernel for the CPU peak', () => {
  it('is timed by calibrateCpuPeak and named in the source', async () => {
    const kernel = await createOnnxruntimeGemmKernel(1);
    const peak = await calibrateCpuPeak(kernel, { n: 64, trials: 1, minTrialSeconds: 0.001 });
    expect(peak.flops).toBeGreaterThan(1e6);
    expect(peak.source).toMatch(/64x64x64 fp32 GEMMs on onnxruntime .*MatMul \(MLAS\), 1 thread\b/);
  });
});
