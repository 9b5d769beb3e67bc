/**
 * Backend `tfjs-cuda`: the shared tfjs adapter on `@tensorflow/tfjs-node-gpu` (libtensorflow
 * 2.9.1 with CUDA). Its probe checks, in order: an NVIDIA GPU (nvidia-smi), the CUDA 11.2 and
 * cuDNN 8 libraries it is built against (dlopen of libcudart.so.11.0 and libcudnn.so.8), the
 * package, and libtensorflow itself.
 */
import { createNativeTfjsBackend } from '@bench/adapter-tfjs';
import type { CudaCheckOptions } from '@bench/adapter-tfjs';
import type { BackendEntry } from '@bench/core';

/** npm package of the engine. */
export const TFJS_NODE_GPU_PACKAGE = '@tensorflow/tfjs-node-gpu';

/** Options of `createTfjsCudaBackend`. */
export interface TfjsCudaBackendOptions {
  /**
   * Where to resolve `@tensorflow/tfjs-node-gpu` from. Default: this package's location;
   * `BENCH_TFJS_NODE_GPU_FROM` overrides it.
   */
  resolveFrom?: string;
  /** CUDA checks (nvidia-smi path, libraries, lookup), injectable for tests. */
  cuda?: CudaCheckOptions;
}

/** Creates the `tfjs-cuda` registry entry (priority 50, GPU). */
export function createTfjsCudaBackend(options: TfjsCudaBackendOptions = {}): BackendEntry {
  return createNativeTfjsBackend({
    name: 'tfjs-cuda',
    modulePackage: TFJS_NODE_GPU_PACKAGE,
    resolveFrom: options.resolveFrom ?? process.env.BENCH_TFJS_NODE_GPU_FROM ?? import.meta.url,
    packageName: '@bench/adapter-tfjs-cuda',
    priority: 50,
    description: 'TensorFlow.js on libtensorflow with CUDA 11.2 / cuDNN 8.1 via @tensorflow/tfjs-node-gpu',
    deviceKind: 'gpu',
    cuda: options.cuda ?? true,
  });
}

/** The `tfjs-cuda` entry. */
export const tfjsCuda: BackendEntry = createTfjsCudaBackend();
