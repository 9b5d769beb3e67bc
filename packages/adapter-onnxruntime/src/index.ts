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
export type { OnnxruntimeSession } from './backend/ort-session';
export { buildEpochModel, buildGraphModel, buildInferenceModel, buildStepModel } from './backend/models';
export { CUDA_PROVIDER_FILES, ortBinDir, probeCpu, probeCuda } from './backend/probe';
export { createOnnxruntimeGemmKernel } from './backend/gemm-kernel';
export { exportOnnx } from './export-onnx';
export { OnnxModelError } from './errors/onnx-model-error';
export { encodeModel, decodeModel } from './onnx/model';
export { findModelIssues, validateModel } from './onnx/validate';
