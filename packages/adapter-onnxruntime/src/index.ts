/**
 * @bench/adapter-onnxruntime: backends `onnxruntime-cpu` and `onnxruntime-cuda`. The Bench IR
 * is lowered to standard ONNX ops (training step, or a Loop over a whole epoch) and run with
 * onnxruntime-node's execution providers.
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
export { OnnxruntimeSession } from './backend/ort-session';
export { buildEpochModel, buildGraphModel, buildInferenceModel, buildStepModel } from './backend/models';
export { CUDA_PROVIDER_FILES, ortBinDir, probeCpu, probeCuda } from './backend/probe';
export { exportOnnx } from './export-onnx';
export { IMPORTABLE_ONNX_OPS, importOnnx } from './import/import-onnx';
export type { ImportOnnxOptions, ImportedOnnxModel } from './import/import-onnx';
export { UnsupportedOnnxOpError } from './errors/unsupported-onnx-op-error';
export { OnnxModelError } from './errors/onnx-model-error';
export { LOWERED_OPS, LOWERINGS } from './lower/register-all';
export { encodeModel, decodeModel } from './onnx/model';
export { findModelIssues, validateModel } from './onnx/validate';
