/**
 * @bench/adapter-tfjs: Bench backends on TensorFlow.js engines (tfjs-cpu, tfjs-wasm,
 * tfjs-webgpu) and the shared factory the tfjs-node and tfjs-cuda packages build on.
 */
export { backends, tfjsCpu, tfjsWasm, tfjsWebgpu, explainWebgpuError } from './backends';
export { createTfjsBackend, DEFAULT_TFJS_TOLERANCE } from './backend/tfjs-backend-impl';
export type { TfjsBackendOptions } from './backend/tfjs-backend';
export type { TfjsEngine, TfjsEngineLoader } from './engine/tfjs-engine';
export { makeEngine } from './engine/make-engine';
export { activateEngine } from './engine/activate';
export { quietTfjs } from './engine/quiet';
export { loadCpuEngine } from './engine/load-cpu';
export { loadWasmEngine } from './engine/load-wasm';
export { loadWebgpuEngine, NoWebgpuAdapterError } from './engine/load-webgpu';
export { TfjsKernelError } from './errors';
export { ALL_KERNELS, KERNELS, SUPPORTED_OPS, dropoutMask } from './kernels';
export type { KernelContext, TfjsKernel } from './kernels';
export type { Tf, TfTensor, TfVariable } from './tf-types';
export type { EngineFeatures } from './engine/engine-features';
export { detectFeatures } from './engine/engine-features';
export * from './native';
