/** Shared code of the batch-norm kernels: the reduction axes (every axis but the last, channels). */
import type { TfTensor } from '../tf-types';

/** Every axis of x but the last. */
export function nonChannelAxes(x: TfTensor): number[] {
  return Array.from({ length: x.rank - 1 }, (_, i) => i);
}

/** Elements per channel of x. */
export function perChannelCount(x: TfTensor): number {
  return x.size / x.shape[x.rank - 1]!;
}
