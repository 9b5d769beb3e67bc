/**
 * The tfjs backends of this package: pure-JS cpu, wasm (SIMD, one thread under Node) and
 * webgpu (Dawn). Priorities: webgpu 20, wasm 15, cpu 10 (below tfjs-node's 30 and tfjs-cuda's 50).
 */
import type { BackendEntry, ProbeResult } from '@bench/core';
import { createTfjsBackend } from './backend/tfjs-backend-impl';
import { loadCpuEngine } from './engine/load-cpu';
import { loadWasmEngine } from './engine/load-wasm';
import { loadWebgpuEngine } from './engine/load-webgpu';
import { NoWebgpuAdapterError } from './errors/no-webgpu-adapter-error';

const PACKAGE = '@bench/adapter-tfjs';

/** tfjs-cpu: TensorFlow.js's pure-JavaScript backend. */
export const tfjsCpu: BackendEntry = createTfjsBackend({
  name: 'tfjs-cpu',
  engine: 'cpu',
  load: loadCpuEngine,
  priority: 10,
  description: 'TensorFlow.js pure-JavaScript CPU backend (single thread)',
  packageName: PACKAGE,
  deviceKind: 'cpu',
});

/** tfjs-wasm: TensorFlow.js's WebAssembly backend (XNNPACK, SIMD; threads are off under Node). */
export const tfjsWasm: BackendEntry = createTfjsBackend({
  name: 'tfjs-wasm',
  engine: 'wasm',
  load: loadWasmEngine,
  priority: 15,
  description: 'TensorFlow.js WebAssembly backend (XNNPACK + SIMD, one thread under Node)',
  packageName: PACKAGE,
  deviceKind: 'cpu',
});

/** Why WebGPU did not load, and what to do. */
export function explainWebgpuError(error: unknown): ProbeResult {
  const message = error instanceof Error ? error.message : String(error);
  if (NoWebgpuAdapterError.isInstance(error)) {
    return {
      available: false,
      reason: `no WebGPU adapter: ${message}`,
      remedy:
        'install a Vulkan driver: on a GPU machine the vendor driver plus libvulkan1 (set VK_DRIVER_FILES to its ICD json if not found); ' +
        'without a GPU, Mesa lavapipe from Debian bookworm-backports: apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1',
    };
  }
  if (/GLIBCXX|libstdc\+\+|dawn|webgpu/i.test(message)) {
    return {
      available: false,
      reason: `Dawn (npm "webgpu") failed to load: ${message}`,
      remedy:
        'use webgpu@0.3.10 (0.2.x needs a newer libstdc++ than Debian 12 has) and libvulkan1: npm install webgpu@0.3.10',
    };
  }
  return {
    available: false,
    reason: `tfjs webgpu backend failed to initialise: ${message}`,
    remedy: 'run with BENCH_TFJS_VERBOSE=1 for tfjs and Dawn messages',
  };
}

/** tfjs-webgpu: TensorFlow.js's WebGPU backend on Dawn (Vulkan). */
export const tfjsWebgpu: BackendEntry = createTfjsBackend({
  name: 'tfjs-webgpu',
  engine: 'webgpu',
  load: loadWebgpuEngine,
  priority: 20,
  description: 'TensorFlow.js WebGPU backend on Dawn (npm "webgpu", Vulkan)',
  packageName: PACKAGE,
  deviceKind: 'gpu',
  explainLoadError: explainWebgpuError,
});

/** Every backend entry of this package, for `registry.register(...)`. */
export const backends: BackendEntry[] = [tfjsCpu, tfjsWasm, tfjsWebgpu];
