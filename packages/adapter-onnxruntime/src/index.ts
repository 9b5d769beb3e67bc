/**
 * @bench/adapter-onnxruntime: backends `onnxruntime-cpu` and `onnxruntime-cuda`. The Bench IR
 * is lowered to standard ONNX ops (training step, or a Loop over a whole epoch) and run with
 * onnxruntime-node's execution providers.
 *
 * The model builders, the lowering table and the ONNX encoder stay internal: their types are
 * onnx-proto's protobufjs classes, which need ambient globals (`Long`) that a consumer's
 * TypeScript should not have to provide.
 */
export {
  backends,
  createOnnxruntimeBackend,
  onnxruntimeCpuEntry,
  onnxruntimeCudaEntry,
} from './backend/entries';
export type { OnnxruntimeProvider } from './backend/entries';
export type { EpochMode, OnnxruntimeBackendOptions } from './backend/options';
export { OnnxruntimeBackend } from './backend/ort-backend';
export type { OnnxruntimeSession } from './backend/ort-session';
export { CUDA_PROVIDER_FILES, ortBinDir, probeCpu, probeCuda } from './backend/probe';
export { createOnnxruntimeGemmKernel } from './backend/gemm-kernel';
export { exportOnnx } from './export-onnx';
export { IMPORTABLE_ONNX_OPS, importOnnx } from './import/import-onnx';
export type { ImportOnnxOptions, ImportedOnnxModel } from './import/import-onnx';
export { UnsupportedOnnxOpError } from './errors/unsupported-onnx-op-error';
export { OnnxModelError } from './errors/onnx-model-error';
