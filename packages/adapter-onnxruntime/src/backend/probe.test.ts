/**
 * Probes and registry entries: the CPU backend probes available here; the CUDA backend either
 * probes available (a GPU machine with the provider installed) or names the missing file or
 * library and both install routes. CUDA-only checks skip with the printed probe reason.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { BackendRegistry, compile, mlp } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { backends, createOnnxruntimeBackend } from './entries';
import { ortSessionOptions, resolveOptions } from './options';
import { CUDA_PROVIDER_FILES, ortBinDir, probeCpu, probeCuda } from './probe';

const cuda = await probeCuda();
if (!cuda.available)
  console.warn(`onnxruntime-cuda unavailable here (CUDA session tests skipped): ${cuda.reason}`);

describe('onnxruntime backend entries', () => {
  it('exports onnxruntime-cpu (20, cpu) and onnxruntime-cuda (40, gpu) that register', () => {
    expect(backends.map((b) => [b.name, b.priority, b.deviceKind])).toEqual([
      ['onnxruntime-cpu', 20, 'cpu'],
      ['onnxruntime-cuda', 40, 'gpu'],
    ]);
    const registry = new BackendRegistry();
    for (const b of backends) registry.register(b);
    expect(registry.names()).toEqual(['onnxruntime-cuda', 'onnxruntime-cpu']);
  });

  it('probes the CPU provider as available with a device string', async () => {
    const p = await probeCpu(1);
    expect(p.reason).toBeUndefined();
    expect(p.available).toBe(true);
    expect(p.device).toMatch(/^cpu \(onnxruntime 1\.29\.0, 1 intra-op thread\)$/);
  });

  it('rejects a bad thread count, naming the option', () => {
    expect(() => resolveOptions({ intraOpNumThreads: -1 })).toThrow(/intraOpNumThreads/);
    expect(resolveOptions().intraOpNumThreads).toBe(
      Number(process.env.BENCH_ORT_THREADS ?? availableParallelism()),
    );
  });

  it('turns intra-op spinning off by option or BENCH_ORT_SPIN=0, and rejects other values', async () => {
    const saved = process.env.BENCH_ORT_SPIN;
    try {
      process.env.BENCH_ORT_SPIN = '0';
      expect(resolveOptions().intraOpSpinning).toBe(false);
      expect(resolveOptions({ intraOpSpinning: true }).intraOpSpinning).toBe(true);
      process.env.BENCH_ORT_SPIN = 'no';
      expect(() => resolveOptions()).toThrow(/BENCH_ORT_SPIN must be 0 or 1, got "no"/);
    } finally {
      if (saved === undefined) Reflect.deleteProperty(process.env, 'BENCH_ORT_SPIN');
      else process.env.BENCH_ORT_SPIN = saved;
    }
    const off = ortSessionOptions(resolveOptions({ intraOpSpinning: false }), ['cpu']);
    expect(off.extra).toEqual({ session: { intra_op: { allow_spinning: '0' } } });
    expect('extra' in ortSessionOptions(resolveOptions({ intraOpSpinning: true }), ['cpu'])).toBe(false);
    // onnxruntime accepts the option: a session trains with spinning off.
    const session = await (await createOnnxruntimeBackend('cpu', { intraOpSpinning: false })).compile(
      compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } }),
    );
    const x = { dtype: 'float32' as const, shape: [4, 2], data: new Float32Array(8).fill(0.5) };
    const y = { dtype: 'int32' as const, shape: [4], data: Int32Array.of(0, 1, 0, 1) };
    expect(Number.isFinite(await session.trainStep({ x, y }))).toBe(true);
    await session.dispose();
  });

  it('CUDA probe never throws and, when unavailable, names what is missing and both install routes', async () => {
    if (cuda.available) {
      expect(cuda.device).toContain('CUDA');
      return;
    }
    const binDir = ortBinDir()!;
    const absent = CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(binDir, f)));
    if (absent.length > 0) expect(cuda.reason).toContain(absent[0]);
    else expect(cuda.reason).toMatch(/lib\w+\.so/);
    expect(cuda.remedy).toContain('ONNXRUNTIME_NODE_INSTALL=cuda12');
    expect(cuda.remedy).toContain('com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9');
    expect(cuda.remedy).toContain(binDir);
  });
});

describe.skipIf(!cuda.available)(
  `onnxruntime-cuda session${cuda.available ? '' : ` (skipped: ${cuda.reason})`}`,
  () => {
    it('runs a matmul on the CUDA provider', async () => {
      const backend = await backends[1]!.create();
      const out = await backend.run(
        {
          inputs: [
            { name: 'a', shape: [1, 2], dtype: 'float32' },
            { name: 'b', shape: [2, 1], dtype: 'float32' },
          ],
          nodes: [{ op: 'matmul', name: 'm', inputs: ['a', 'b'], outputs: ['y'], attrs: {} }],
          outputs: ['y'],
        },
        {
          a: { dtype: 'float32', shape: [1, 2], data: Float32Array.of(1, 2) },
          b: { dtype: 'float32', shape: [2, 1], data: Float32Array.of(3, 4) },
        },
      );
      expect(Array.from(out.y!.data)).toEqual([11]);
    });
  },
);
