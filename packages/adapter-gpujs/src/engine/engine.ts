/**
 * The engine: one gpu.js `GPU` object in one mode, plus the bookkeeping the adapter needs on top
 * of gpu.js (device buffers with lifetimes, a readback counter, verification of the mode that
 * really ran). Kernels and sessions talk to this interface only.
 */
import type { GpuJsMode } from '../modes';

/**
 * A tensor's storage on the engine's device: a WebGPU buffer handle (webgpu), a GL texture (gl)
 * or a Float32Array (wasm, cpu: host memory is the device). Released once, explicitly.
 */
export interface DeviceBuffer {
  /** The gpu.js object passed to kernels (WebGPUBufferResult, Texture or Float32Array). */
  readonly raw: unknown;
  /** Number of float32 elements. */
  readonly length: number;
  released: boolean;
}

/** A kernel compiled for one output size; call it through `GpuJsEngine.call`. */
export interface CompiledKernel {
  /** The IR op it implements, for errors. */
  readonly op: string;
  readonly outputLength: number;
}

/** Counters for tests and benchmarks. */
export interface EngineStats {
  /** Device-to-host reads (the loss each step; whatever the user asks for). */
  readbacks: number;
  /** Host-to-device writes (batches, dropout masks, weights). */
  uploads: number;
  /** Kernel launches. */
  dispatches: number;
  /** Distinct kernels compiled. */
  kernels: number;
  /** Live device buffers and their bytes. */
  liveBuffers: number;
  liveBytes: number;
  /** gpu.js modes that actually executed kernels (checked on every kernel's first run). */
  ranModes: string[];
}

/** One gpu.js GPU object in one mode. */
export interface GpuJsEngine {
  readonly mode: GpuJsMode;
  readonly backend: string;
  /** Device description, e.g. the WebGPU adapter's name. */
  readonly device: string;
  /** A kernel for `source` (a `function (...) {}` string) with a 1-D output; cached by source and size. */
  kernel(op: string, source: string, outputLength: number): CompiledKernel;
  /** Runs a kernel; arguments are DeviceBuffers or numbers (float scalars). */
  call(kernel: CompiledKernel, args: readonly (DeviceBuffer | number)[]): Promise<DeviceBuffer>;
  /** Copies host data to the device. */
  upload(data: Float32Array): Promise<DeviceBuffer>;
  /** Reads a buffer back to the host (counted in `stats().readbacks`). */
  read(buffer: DeviceBuffer): Promise<Float32Array>;
  /** Frees a buffer (no-op if already released). */
  release(buffer: DeviceBuffer): void;
  stats(): EngineStats;
  dispose(): Promise<void>;
}
