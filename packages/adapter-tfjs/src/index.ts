/**
 * @bench/adapter-tfjs: Bench backends on TensorFlow.js engines (tfjs-cpu, tfjs-wasm,
 * tfjs-webgpu) and the shared factory the tfjs-node and tfjs-cuda packages build on. Kernels and
 * engine loaders are internal; test helpers live in `@bench/adapter-tfjs/testing`.
 */
export { backends, tfjsCpu, tfjsWasm, tfjsWebgpu, explainWebgpuError } from './backends';
export { createTfjsBackend, DEFAULT_TFJS_TOLERANCE } from './backend/tfjs-backend-impl';
export type { TfjsBackendOptions } from './backend/tfjs-backend';
export type { TfjsEngine, TfjsEngineLoader } from './engine/tfjs-engine';
export { quietTfjs } from './engine/quiet';
export { NoWebgpuAdapterError, TfjsKernelError } from './errors';
export type { Tf, TfTensor, TfVariable } from './tf-types';
export * from './native';
