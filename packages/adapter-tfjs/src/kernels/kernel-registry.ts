import type { OpName } from '@bench/core';
import type { TfjsKernel } from './kernel';
import { KERNELS } from './register-all';

export { KERNELS, SUPPORTED_OPS } from './register-all';

/** The kernel of an op, or undefined where the table has a declared gap. */
export function kernelOf(op: OpName): TfjsKernel | undefined {
  return (KERNELS as { readonly [K in OpName]?: TfjsKernel })[op];
}
