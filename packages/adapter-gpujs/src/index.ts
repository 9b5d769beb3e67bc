/**
 * @bench/adapter-gpujs: the Bench IR as gpu.js kernels, in four backends: `gpujs-webgpu`,
 * `gpujs-gl`, `gpujs-wasm`, `gpujs-cpu`. Register `backends` with a BackendRegistry, or create one
 * directly with `createGpuJsBackend(mode)`.
 */
export { backends, createGpuJsBackend } from './backends';
export { probeMode } from './probe';
export { MODES, PACKAGE_NAME } from './modes';
export type { GpuJsMode, GpuJsModeInfo } from './modes';
export type { GpuJsBackend, GpuJsSession, GpuJsDebugStats } from './backend/gpujs-backend';
export type { EngineStats } from './engine/engine';
export { ModeFallbackError } from './errors';
