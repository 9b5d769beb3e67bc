/**
 * tfjs-cuda's probe: each failure class for real where this machine has it (no GPU here: "no
 * CUDA device"), and the later classes with an injected nvidia-smi stand-in so the checks after
 * it run (clearly named: they test the classification, not a GPU).
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findSharedLibrary, queryNvidiaSmi, resolvePackage } from '@bench/adapter-tfjs';
import { writeFailingNativeStub } from '@bench/adapter-tfjs/testing';
import { compile, initWeights, mlp, tensor } from '@bench/core';
import { describe, expect, it } from 'vitest';
import {
  TFJS_CUDA_LIBRARIES,
  TFJS_NODE_GPU_PACKAGE,
  createTfjsCudaBackend,
  tfjsCuda,
} from './tfjs-cuda-backend';

const smi = await queryNvidiaSmi();
const hasGpu = smi.gpus.length > 0;
const hasCudart11 = findSharedLibrary('libcudart.so.11.0').found;
const installed = resolvePackage(TFJS_NODE_GPU_PACKAGE, import.meta.url) !== undefined;
console.warn(
  `tfjs-cuda test context: GPU ${hasGpu ? smi.gpus[0] : `none (${smi.error})`}; libcudart.so.11.0 ${hasCudart11 ? 'present' : 'absent'}; ${TFJS_NODE_GPU_PACKAGE} ${installed ? 'installed' : 'not installed'}`,
);

function fakeNvidiaSmi(): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-smi-'));
  const path = join(dir, 'nvidia-smi');
  writeFileSync(path, '#!/bin/sh\necho "NVIDIA H100 80GB HBM3, 580.65.06"\n');
  chmodSync(path, 0o755);
  return path;
}

describe('tfjs-cuda entry', () => {
  it('registers as tfjs-cuda, priority 50, gpu', () => {
    expect([tfjsCuda.name, tfjsCuda.priority, tfjsCuda.deviceKind]).toEqual(['tfjs-cuda', 50, 'gpu']);
  });

  it.skipIf(hasGpu)(
    'probe says "no CUDA device" where nvidia-smi lists none (real, no GPU here)',
    async () => {
      const r = await tfjsCuda.probe();
      expect(r.available).toBe(false);
      expect(r.reason).toMatch(/^no CUDA device: nvidia-smi/);
      expect(r.remedy).toMatch(/NVIDIA GPU/);
    },
  );

  it.skipIf(hasCudart11)(
    'classification (nvidia-smi stand-in, real dlopen): CUDA 11 runtime missing is "wrong or missing CUDA/cuDNN"',
    async () => {
      const entry = createTfjsCudaBackend({ cuda: { nvidiaSmi: fakeNvidiaSmi() } });
      const r = await entry.probe();
      expect(r.available).toBe(false);
      expect(r.reason).toMatch(/libcudart\.so\.11\.0 does not open/);
      expect(r.reason).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
      expect(r.device).toBe('NVIDIA H100 80GB HBM3, 580.65.06');
    },
  );

  it('classification (nvidia-smi stand-in, cuDNN lookup says missing): names libcudnn.so.8', async () => {
    const entry = createTfjsCudaBackend({
      cuda: {
        nvidiaSmi: fakeNvidiaSmi(),
        findLibrary: (name) =>
          name === 'libcudnn.so.8'
            ? { found: false, message: `${name}: cannot open shared object file` }
            : { found: true },
      },
    });
    const r = await entry.probe();
    expect(r.reason).toMatch(/libcudnn\.so\.8 does not open/);
  });

  it('classification (nvidia-smi stand-in, lookup says only cuBLAS 11 is missing): every CUDA 11.2 library is checked, the remedy lists them all', async () => {
    const looked: string[] = [];
    const entry = createTfjsCudaBackend({
      cuda: {
        nvidiaSmi: fakeNvidiaSmi(),
        findLibrary: (name) => {
          looked.push(name);
          return name === 'libcublas.so.11'
            ? { found: false, message: `${name}: cannot open shared object file` }
            : { found: true };
        },
      },
    });
    const r = await entry.probe();
    expect(r.available).toBe(false);
    expect(r.reason).toMatch(/libcublas\.so\.11 does not open/);
    expect(looked).toEqual(TFJS_CUDA_LIBRARIES.slice(0, 2));
    expect(r.remedy).toContain('CUDA 11.2 and cuDNN 8.1: an NVIDIA driver >= 450.80.02');
    for (const lib of TFJS_CUDA_LIBRARIES) expect(r.remedy).toContain(lib);
    expect(r.remedy).toMatch(
      /Untested alternative for CUDA 12 machines: .*BENCH_TF_PACKAGE=tensorflow npx bench-install-tfjs-node/,
    );
  });

  it.skipIf(installed)(
    'classification (CUDA checks passed by stand-ins): package missing is "not installed" with npm install',
    async () => {
      const entry = createTfjsCudaBackend({
        cuda: { nvidiaSmi: fakeNvidiaSmi(), findLibrary: () => ({ found: true }) },
      });
      const r = await entry.probe();
      expect(r.reason).toMatch(/@tensorflow\/tfjs-node-gpu is not installed/);
      expect(r.remedy).toMatch(/^npm install @tensorflow\/tfjs-node-gpu/);
    },
  );

  it('classification (simulated with a stub module that throws like the real binding): "libtensorflow failed to load"', async () => {
    const entry = createTfjsCudaBackend({
      resolveFrom: writeFailingNativeStub(
        TFJS_NODE_GPU_PACKAGE,
        'libcudart.so.11.0: cannot open shared object file: No such file or directory',
      ),
      cuda: { nvidiaSmi: fakeNvidiaSmi(), findLibrary: () => ({ found: true }) },
    });
    const r = await entry.probe();
    expect(r.reason).toBe(
      'libtensorflow failed to load: libcudart.so.11.0: cannot open shared object file: No such file or directory',
    );
    expect(r.remedy).toMatch(/npm rebuild @tensorflow\/tfjs-node-gpu/);
  });

  // Where the whole engine is present it must work: a broken engine fails here, it is not skipped.
  it.runIf(hasGpu && hasCudart11 && installed)('trains an MLP step on the real CUDA engine', async () => {
    const r = await tfjsCuda.probe();
    expect(r.available, r.reason).toBe(true);
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await (await tfjsCuda.create()).compile(program, { weights: initWeights(program, 1) });
    const loss = await session.trainStep({
      x: tensor([0.1, 0.2, 0.3, 0.4], [2, 2]),
      y: tensor([0, 1], [2], 'int32'),
    });
    expect(Number.isFinite(loss)).toBe(true);
    await session.dispose();
  });
});
