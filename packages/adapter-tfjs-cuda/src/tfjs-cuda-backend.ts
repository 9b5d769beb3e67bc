/**
 * Backend `tfjs-cuda`: the shared tfjs adapter on `@tensorflow/tfjs-node-gpu` (libtensorflow
 * 2.9.1 with CUDA). Its probe checks, in order: an NVIDIA GPU (nvidia-smi), every CUDA 11.2 and
 * cuDNN 8.1 library libtensorflow 2.9.1 opens at run time (dlopen; without one TensorFlow would
 * silently run on the CPU), the package, and libtensorflow itself.
 */
import { createNativeTfjsBackend } from '@bench/adapter-tfjs';
import type { CudaCheckOptions } from '@bench/adapter-tfjs';
import type { BackendEntry, ProbeResult } from '@bench/core';

/** npm package of the engine. */
export const TFJS_NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

/**
 * The CUDA 11.2 / cuDNN 8.1 sonames libtensorflow 2.9.1's GPU build loads (TensorFlow 2.9's
 * tested configuration: CUDA 11.2, cuDNN 8.1; NVIDIA driver >= 450.80.02).
 */
export const TFJS_CUDA_LIBRARIES = [
  'libcudart.so.11.0',
  'libcublas.so.11',
  'libcublasLt.so.11',
  'libcufft.so.10',
  'libcurand.so.10',
  'libcusolver.so.11',
  'libcusparse.so.11',
  'libcudnn.so.8',
] as const;

/** Exactly what the user needs, appended to every remedy of the probe. */
export const TFJS_CUDA_REQUIREMENTS =
  '@tensorflow/tfjs-node-gpu 4.x runs libtensorflow 2.9.1 built for CUDA 11.2 and cuDNN 8.1: an NVIDIA driver >= 450.80.02 ' +
  `and ${TFJS_CUDA_LIBRARIES.join(', ')} on LD_LIBRARY_PATH (CUDA 12/13 and cuDNN 9 do not provide these sonames). ` +
  'Untested alternative for CUDA 12 machines: npm install --ignore-scripts @tensorflow/tfjs-node-gpu@4.22.0, then ' +
  'BENCH_TF_PACKAGE=tensorflow npx bench-install-tfjs-node node_modules/@tensorflow/tfjs-node-gpu (from @bench/adapter-tfjs-node: the ' +
  'tensorflow 2.20.0 wheel, which needs CUDA >= 12.5 < 13 and cuDNN >= 9.3 < 10), probing with ' +
  "createTfjsCudaBackend({ cuda: { libraries: ['libcudart.so.12', 'libcudnn.so.9'] } })";

/** Options of `createTfjsCudaBackend`. */
export interface TfjsCudaBackendOptions {
  /**
   * Where to resolve `@tensorflow/tfjs-node-gpu` from. Default: this package's location;
   * `BENCH_TFJS_NODE_GPU_FROM` overrides it.
   */
  resolveFrom?: string;
  /** CUDA checks (nvidia-smi path, libraries, lookup), injectable for tests. Default libraries: TFJS_CUDA_LIBRARIES. */
  cuda?: CudaCheckOptions;
}

/** Creates the `tfjs-cuda` registry entry (priority 50, GPU). */
export function createTfjsCudaBackend(options: TfjsCudaBackendOptions = {}): BackendEntry {
  const inner = createNativeTfjsBackend({
    name: 'tfjs-cuda',
    modulePackage: TFJS_NODE_GPU_PACKAGE,
    resolveFrom: options.resolveFrom ?? process.env.BENCH_TFJS_NODE_GPU_FROM ?? import.meta.url,
    packageName: '@bench/adapter-tfjs-cuda',
    priority: 50,
    description:
      'TensorFlow.js on libtensorflow 2.9.1 with CUDA 11.2 / cuDNN 8.1 via @tensorflow/tfjs-node-gpu',
    deviceKind: 'gpu',
    cuda: { libraries: TFJS_CUDA_LIBRARIES, ...options.cuda },
  });
  return {
    ...inner,
    async probe(): Promise<ProbeResult> {
      const r = await inner.probe();
      if (r.available || r.reason?.startsWith('no CUDA device')) return r;
      return { ...r, remedy: r.remedy ? `${r.remedy}. ${TFJS_CUDA_REQUIREMENTS}` : TFJS_CUDA_REQUIREMENTS };
    },
  };
}

/** The `tfjs-cuda` entry. */
export const tfjsCuda: BackendEntry = createTfjsCudaBackend();
