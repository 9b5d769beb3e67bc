/**
 * Runs a Graph on an engine. `planGraph` builds every node's kernel once for concrete input
 * types (the batch size known); `Plan.run` launches them in order on device buffers and releases
 * every intermediate buffer that is not a requested output or kept by the caller.
 */
import { OpError, UnsupportedOpError, inferGraph, sizeOf } from '@bench/core';
import type { Graph, Node, OpName, ValueType } from '@bench/core';
import type { DeviceBuffer, GpuJsEngine } from '../engine/engine';
import type { KernelInput, KernelRun } from '../kernels/kernel';
import type { KernelConfig } from '../kernels/kernel';
import { KERNELS } from '../kernels/register-all';

/** A value during execution: its type, device buffer and (int32 scalars) host copy. */
export type Value = KernelInput;

/** A graph with every kernel built for fixed input types. */
export interface Plan {
  readonly types: Map<string, ValueType>;
  /**
   * Runs the graph. `feeds` are graph inputs (not released); returns the requested outputs.
   * Every other buffer produced is released unless its value name is in `keep`.
   */
  run(feeds: Map<string, Value>, keep?: ReadonlySet<string>): Promise<Map<string, Value>>;
}

/** Builds a plan; throws UnsupportedOpError for an op without a kernel, OpError for bad shapes. */
export function planGraph(engine: GpuJsEngine, graph: Graph, inputTypes: Record<string, ValueType>): Plan {
  // concrete input types give concrete types everywhere (core resolves reshape's -1)
  const types = inferGraph(graph, inputTypes);
  checkIndexRange(graph, types, engine.backend);
  const steps: { node: Node; run: KernelRun }[] = graph.nodes.map((node) => {
    const kernel = (KERNELS as { readonly [K in OpName]?: KernelConfig })[node.op];
    if (!kernel) throw new UnsupportedOpError(node.op, engine.backend, `node "${node.name}"`);
    const run = kernel.build({
      engine,
      // biome-ignore lint/suspicious/noExplicitAny: the registry maps each op to its own config
      node: node as any,
      inputs: node.inputs.map((n) => types.get(n)!),
      outputs: node.outputs.map((n) => types.get(n)!),
    });
    return { node, run };
  });
  return {
    types,
    async run(feeds, keep) {
      const values = new Map(feeds);
      const produced: DeviceBuffer[] = [];
      try {
        for (const { node, run } of steps) {
          const ins = node.inputs.map((n) => values.get(n)!);
          const outs = await run(ins);
          node.outputs.forEach((name, i) => {
            values.set(name, { type: types.get(name)!, buffer: outs[i]! });
            produced.push(outs[i]!);
          });
        }
      } catch (error) {
        releaseAll(engine, produced, new Set(), feeds);
        throw error;
      }
      const result = new Map<string, Value>();
      for (const name of graph.outputs) result.set(name, values.get(name)!);
      const kept = new Set<DeviceBuffer>();
      for (const v of result.values()) kept.add(v.buffer);
      if (keep) for (const name of keep) if (values.has(name)) kept.add(values.get(name)!.buffer);
      releaseAll(engine, produced, kept, feeds);
      if (keep)
        for (const name of keep)
          if (values.has(name) && !result.has(name)) result.set(name, values.get(name)!);
      return result;
    },
  };
}

function releaseAll(
  engine: GpuJsEngine,
  produced: DeviceBuffer[],
  kept: Set<DeviceBuffer>,
  feeds: Map<string, Value>,
): void {
  const fed = new Set([...feeds.values()].map((v) => v.buffer));
  for (const b of produced) if (!kept.has(b) && !fed.has(b)) engine.release(b);
}

/** Largest tensor gpu.js kernels index exactly: gpu.js does index arithmetic in float32. */
export const MAX_ELEMENTS = 2 ** 24;

/**
 * Throws OpError for a value above 2^24 elements: gpu.js turns kernel index arithmetic into
 * float32 (`f32` in WGSL), which cannot address every element past 2^24, so results would be
 * silently wrong.
 */
function checkIndexRange(graph: Graph, types: Map<string, ValueType>, backend: string): void {
  for (const node of graph.nodes) {
    for (const name of [...node.inputs, ...node.outputs]) {
      const n = sizeOf(types.get(name)!.shape);
      if (n > MAX_ELEMENTS) {
        throw new OpError(
          node.op,
          node.name,
          `value "${name}" has ${n} elements; backend "${backend}" indexes tensors in float32 (gpu.js), exact only up to ${MAX_ELEMENTS}. Use a smaller batch size`,
        );
      }
    }
  }
}
