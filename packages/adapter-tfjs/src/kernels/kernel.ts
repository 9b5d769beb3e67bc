/**
 * A tfjs kernel for one IR op: a plain function from tfjs tensors to tfjs tensors. Kernels run
 * inside the executor's `tf.tidy`, so they may create intermediates freely.
 */
import type { Node, OpAttrs, OpName } from '@bench/core';
import type { EngineFeatures } from '../engine/engine-features';
import type { Tf, TfTensor } from '../tf-types';

/** What a kernel sees besides its inputs. */
export interface KernelContext {
  /** The tfjs namespace of the engine (never a statically imported one). */
  readonly tf: Tf;
  /** Bench backend name, for error messages (e.g. `tfjs-wasm`). */
  readonly backend: string;
  /** tfjs backend name (`cpu`, `wasm`, `webgpu`, `tensorflow`). */
  readonly engineName: string;
  /** Engine behaviours measured at load (tie rules and the like). */
  readonly features: EngineFeatures;
  /** The node being run. */
  readonly node: Node;
  /**
   * Host value of a scalar graph input (the training step), by value name. Dropout masks and
   * Adam's bias corrections are computed from it on the host; throws if the value is not a
   * host-known graph input.
   */
  hostScalar(valueName: string): number;
}

/** The kernel of one IR op on tfjs. */
export interface TfjsKernel<K extends OpName = OpName> {
  readonly op: K;
  run(inputs: TfTensor[], attrs: OpAttrs[K], ctx: KernelContext): TfTensor[];
}

/** Declares a kernel with its attrs typed by op name. */
export function defineKernel<K extends OpName>(kernel: TfjsKernel<K>): TfjsKernel<K> {
  return kernel;
}
