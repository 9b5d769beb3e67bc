export { TfjsKernelError } from './tfjs-kernel-error';
export { NoWebgpuAdapterError } from './no-webgpu-adapter-error';
