export { createNativeTfjsBackend, explainNativeLoadError } from './create-native-tfjs-backend';
export type { NativeTfjsBackendOptions } from './create-native-tfjs-backend';
export { checkCuda, queryNvidiaSmi, TFJS_NODE_GPU_LIBRARIES } from './cuda-check';
export type { CudaCheckOptions } from './cuda-check';
export { findSharedLibrary } from './shared-library';
export type { LibraryCheck } from './shared-library';
export { resolvePackage } from './resolve-package';
export { loadNativeEngine } from './load-native-engine';
export { LibtensorflowLoadError, NativePackageMissingError } from './native-errors';
