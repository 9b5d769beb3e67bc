/**
 * Kernel interface of the reference backend: one plain function per IR op, tied to the op name
 * by a KernelConfig (the tfjs-backend-cpu pattern). Kernels never modify their inputs.
 */
import type { OpAttrs, OpName } from '../ir/ops';
import type { Precision, RefTensor } from './ref-tensor';

/** What a kernel knows about the node it runs for. */
export interface KernelContext {
  /** Precision of float outputs (allocate with `allocFloat(ctx.precision, n)`). */
  readonly precision: Precision;
  /** Node name, for error messages. */
  readonly node: string;
}

/** A kernel: inputs in the op's declared order, outputs in the op's declared order. */
export type KernelFn<K extends OpName> = (
  inputs: readonly RefTensor[],
  attrs: OpAttrs[K],
  ctx: KernelContext,
) => RefTensor[];

/** Ties a kernel function to the IR op it implements. */
export interface KernelConfig<K extends OpName = OpName> {
  readonly op: K;
  readonly run: KernelFn<K>;
}

/** Any kernel config, whatever its op (the form registries store). */
export type AnyKernelConfig = { [K in OpName]: KernelConfig<K> }[OpName];
