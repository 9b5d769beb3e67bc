import type { OpName } from '@bench/core';
import type { TfjsKernel } from './kernel';
import { ALL_KERNELS } from './register-all';

/** IR op name -> tfjs kernel, built from the register-all list. */
export const KERNELS: ReadonlyMap<OpName, TfjsKernel> = new Map(ALL_KERNELS.map((k) => [k.op, k]));

/** The IR ops this adapter has kernels for (its `capabilities.ops`). */
export const SUPPORTED_OPS: readonly OpName[] = ALL_KERNELS.map((k) => k.op);
