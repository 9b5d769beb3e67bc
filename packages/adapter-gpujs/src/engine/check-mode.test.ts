import { BenchError } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { ModeFallbackError } from '../errors/mode-fallback-error';
import { checkRanMode } from './check-mode';
import { loadGpuJs } from './load-gpujs';

describe('checkRanMode', () => {
  it('passes a kernel that ran in the requested mode', async () => {
    const { GPU } = await loadGpuJs();
    const gpu = new GPU({ mode: 'webasm' });
    const k = gpu.createKernel('function (a) { return a[this.thread.x] + 1.0; }', {
      output: [4],
      precision: 'single',
    });
    expect(Array.from(k(new Float32Array(4)) as Float32Array)).toEqual([1, 1, 1, 1]);
    expect(checkRanMode(k, 'add', 'gpujs-wasm', 'webasm')).toBe('webasm');
    gpu.destroy();
  });

  it('throws ModeFallbackError naming both modes and gpu.js reason when gpu.js silently degrades webasm -> cpu', async () => {
    const { GPU } = await loadGpuJs();
    const gpu = new GPU({ mode: 'webasm' });
    // kernel maps are not supported by gpu.js's webasm backend: it falls back to cpu with only a console warning
    const k = gpu.createKernelMap(
      { s: 'function id(a) { return a; }' },
      'function (a) { return id(a[this.thread.x]); }',
      { output: [4] },
    );
    k(new Float32Array(4));
    let error: unknown;
    try {
      checkRanMode(k, 'mul', 'gpujs-wasm', 'webasm');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ModeFallbackError);
    expect(BenchError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /op "mul" on backend "gpujs-wasm": gpu.js ran the kernel in mode "cpu" instead of "webasm" \(gpu.js: kernel maps/,
    );
    gpu.destroy();
  });
});
