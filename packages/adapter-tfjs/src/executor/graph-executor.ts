/**
 * Runs an IR graph on a tfjs engine, node by node, each through its kernel. Values live in an
 * environment (name -> tfjs tensor). The caller wraps the call in `tf.tidy` and keeps what it
 * needs; nothing here reads data back to the host.
 */
import { UnsupportedOpError } from '@bench/core';
import type { Graph, Node } from '@bench/core';
import type { EngineFeatures } from '../engine/engine-features';
import { TfjsKernelError } from '../errors';
import type { KernelContext } from '../kernels/kernel';
import { kernelOf } from '../kernels/kernel-registry';
import type { Tf, TfTensor } from '../tf-types';

/** Where the executor runs and what it knows on the host. */
export interface ExecutorContext {
  tf: Tf;
  /** Bench backend name, for errors. */
  backend: string;
  /** tfjs backend name. */
  engineName: string;
  /** Engine behaviours measured at load. */
  features: EngineFeatures;
  /** Host values of scalar graph inputs (the step), by value name. */
  hostScalars: ReadonlyMap<string, number>;
}

/** Throws UnsupportedOpError for the first node whose op has no kernel. */
export function checkKernels(graph: Graph, backend: string): void {
  for (const node of graph.nodes) {
    if (!kernelOf(node.op))
      throw new UnsupportedOpError(node.op, backend, `node "${node.name}" has no tfjs kernel`);
  }
}

/**
 * Runs every node of `graph` in order, adding its outputs to `env` (which must hold the graph's
 * inputs). Returns `env`. Errors from the engine are wrapped in TfjsKernelError naming the node.
 */
export function runNodes(
  graph: Graph,
  env: Map<string, TfTensor>,
  ctx: ExecutorContext,
): Map<string, TfTensor> {
  for (const node of graph.nodes) {
    const kernel = kernelOf(node.op);
    if (!kernel) throw new UnsupportedOpError(node.op, ctx.backend, `node "${node.name}" has no tfjs kernel`);
    const inputs = node.inputs.map((name) => {
      const t = env.get(name);
      if (!t)
        throw new TfjsKernelError(ctx.backend, node.op, node.name, new Error(`input "${name}" has no value`));
      return t;
    });
    const kctx = kernelContext(node, ctx);
    let outs: TfTensor[];
    try {
      // biome-ignore lint/suspicious/noExplicitAny: attrs are typed per op by the kernel
      outs = kernel.run(inputs, node.attrs as any, kctx);
    } catch (error) {
      throw new TfjsKernelError(ctx.backend, node.op, node.name, error);
    }
    node.outputs.forEach((name, i) => env.set(name, outs[i]!));
  }
  return env;
}

function kernelContext(node: Node, ctx: ExecutorContext): KernelContext {
  return {
    tf: ctx.tf,
    backend: ctx.backend,
    engineName: ctx.engineName,
    features: ctx.features,
    node,
    hostScalar(valueName: string): number {
      const v = ctx.hostScalars.get(valueName);
      if (v === undefined) {
        throw new Error(
          `value "${valueName}" must be a scalar graph input known on the host (the training step); ` +
            'the tfjs adapter computes dropout masks and Adam bias corrections from it on the host',
        );
      }
      return v;
    },
  };
}
