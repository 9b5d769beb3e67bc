/**
 * The shape every backend's kernel table has. An adapter's kernel for op K is its own type
 * (tfjs: `run(inputs, attrs, ctx)`, gpu.js: `build(ctx)`, onnxruntime: `lower(ctx, node)`) that
 * extends `Kernel<K>`; the adapter declares its table with `satisfies KernelTable<...>`, so a new
 * IR op fails the adapter's build until it has a kernel or is listed as a declared gap.
 */
import { OP_NAMES } from './ops';
import type { OpName } from './ops';

/** What every backend kernel carries: the IR op it implements. */
export interface Kernel<K extends OpName = OpName> {
  readonly op: K;
}

/**
 * A kernel table keyed by op name. `KernelOf` maps each op to the adapter's kernel type for it
 * (e.g. `{ [K in OpName]: TfjsKernel<K> }`); ops in `Gap` are declared gaps and may be missing.
 * A key holding another op's kernel is a type error.
 */
export type KernelTable<KernelOf extends { [K in OpName]: Kernel<K> }, Gap extends OpName = never> = {
  readonly [K in Exclude<OpName, Gap>]: KernelOf[K];
} & { readonly [K in Gap]?: KernelOf[K] };

/** The ops a kernel table implements, in the IR's declaration order (a backend's `capabilities.ops`). */
export function kernelTableOps(table: { readonly [K in OpName]?: Kernel<K> }): OpName[] {
  return OP_NAMES.filter((op) => table[op] !== undefined);
}
