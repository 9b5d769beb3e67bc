/**
 * The four gpu.js modes this package exposes, the gpu.js mode name each maps to, and what each
 * one really runs on. One place so probes, engines and the README agree.
 */

/** A mode of this adapter; each one is a registered backend `gpujs-<mode>`. */
export type GpuJsMode = 'webgpu' | 'gl' | 'wasm' | 'cpu';

/** Static facts about one mode. */
export interface GpuJsModeInfo {
  mode: GpuJsMode;
  /** Registered backend name. */
  backend: string;
  /** gpu.js's own name for the mode (`new GPU({ mode })`, `kernel.kernel.constructor.mode`). */
  gpujsMode: 'webgpu' | 'headlessgl' | 'webasm' | 'cpu';
  priority: number;
  deviceKind: 'cpu' | 'gpu';
  description: string;
  /**
   * Absolute float32 tolerance met against the reference on unit-scale values (checked by the
   * package's conformance tests for every mode; gl on Mesa llvmpipe under Xvfb, see README).
   */
  tolerance: number;
}

/** Every mode, highest priority first. */
export const MODES: Record<GpuJsMode, GpuJsModeInfo> = {
  webgpu: {
    mode: 'webgpu',
    backend: 'gpujs-webgpu',
    gpujsMode: 'webgpu',
    priority: 35,
    deviceKind: 'gpu',
    description: 'gpu.js WGSL compute shaders through WebGPU (Dawn, npm webgpu@0.3.10)',
    tolerance: 1e-4,
  },
  gl: {
    mode: 'gl',
    backend: 'gpujs-gl',
    gpujsMode: 'headlessgl',
    priority: 34,
    deviceKind: 'gpu',
    description: 'gpu.js GLSL fragment shaders through headless-gl (optional peer dependency `gl`)',
    tolerance: 1e-4,
  },
  wasm: {
    mode: 'wasm',
    backend: 'gpujs-wasm',
    gpujsMode: 'webasm',
    priority: 10,
    deviceKind: 'cpu',
    description: 'gpu.js WebAssembly kernels (f32x4 SIMD, one thread)',
    tolerance: 1e-4,
  },
  cpu: {
    mode: 'cpu',
    backend: 'gpujs-cpu',
    gpujsMode: 'cpu',
    priority: 5,
    deviceKind: 'cpu',
    description: 'gpu.js kernels transpiled to plain JavaScript (one thread)',
    tolerance: 1e-4,
  },
};

/** The package name, for remedies and registry entries. */
export const PACKAGE_NAME = '@bench/adapter-gpujs';
