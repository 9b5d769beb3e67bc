export { TfjsKernelError } from './tfjs-kernel-error';
