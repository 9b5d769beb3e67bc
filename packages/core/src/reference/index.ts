// Public exports of reference/. Owned by the reference work; keep it a list of re-exports.
export { createReferenceBackend, referenceBackendEntry, REFERENCE_DEVICE } from './reference-backend';
export type { ReferenceBackendOptions } from './reference-backend';
export { ReferenceSessionHandler, createReferenceSession } from './reference-session';
export { executeGraph, executeGraphFloat32, referenceKernelRegistry } from './execute-graph';
export type { ExecuteOptions } from './execute-graph';
export { KernelRegistry } from './kernel-registry';
export type { AnyKernelConfig, KernelConfig, KernelContext, KernelFn } from './kernel';
export { REFERENCE_KERNELS, referenceKernels } from './register-all';
export { allocFloat, floatTensor } from './ref-tensor';
export type { FloatArray, Precision, RefTensor } from './ref-tensor';
