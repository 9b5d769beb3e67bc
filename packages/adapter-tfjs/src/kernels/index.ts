export type { KernelContext, TfjsKernel } from './kernel';
export { defineKernel } from './kernel';
export { KERNELS, SUPPORTED_OPS } from './kernel-registry';
export { dropoutMask } from './dropout-mask';
export { conv2dGradFilterByConv } from './conv2d-grad-filter';
export { maxPoolGradFirstMax } from './max-pool-grad-first-max';
export { oneHotFloat } from './one-hot';
