/** @bench/adapter-tfjs-cuda: backend `tfjs-cuda` (TensorFlow.js on libtensorflow with CUDA). */
import type { BackendEntry } from '@bench/core';
import { tfjsCuda } from './tfjs-cuda-backend';

export {
  createTfjsCudaBackend,
  tfjsCuda,
  TFJS_CUDA_LIBRARIES,
  TFJS_CUDA_REQUIREMENTS,
  TFJS_NODE_GPU_PACKAGE,
} from './tfjs-cuda-backend';
export type { TfjsCudaBackendOptions } from './tfjs-cuda-backend';

/** Every backend entry of this package, for `registry.register(...)`. */
export const backends: BackendEntry[] = [tfjsCuda];
