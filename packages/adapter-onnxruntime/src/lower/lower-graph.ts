/**
 * Lowers a whole IR graph into a GraphBuilder: checks and infers shapes with core's `inferGraph`,
 * binds the graph inputs to given ONNX names, runs each node's lowering in order and returns the
 * context (so callers can fetch any value in canonical layout).
 */
import { UnsupportedOpError, inferGraph } from '@bench/core';
import type { Graph, Node, ValueType } from '@bench/core';
import type { GraphBuilder } from '../onnx/graph-builder';
import { lowerSplit, requestedSplit } from './batch-split';
import { LowerContext } from './context';
import type { OpLowering } from './op-lowering';
import { LOWERINGS } from './register-all';

/** Lowers `graph`; `inputs` maps each IR graph input to the ONNX name holding it (canonical layout). */
export function lowerGraph(
  g: GraphBuilder,
  graph: Graph,
  inputs: Record<string, string>,
  backend: string,
  inputTypes?: Record<string, ValueType>,
  options: { portable?: boolean } = {},
): LowerContext {
  const types = inferGraph(graph, inputTypes);
  const ctx = new LowerContext(g, types, backend, graph.nodes, graph.outputs, options.portable);
  for (const v of graph.inputs) {
    const name = inputs[v.name];
    if (name === undefined) throw new Error(`lowerGraph: no ONNX value bound for graph input "${v.name}"`);
    ctx.bind(v.name, name);
  }
  for (const node of graph.nodes) {
    if (!LOWERINGS[node.op])
      throw new UnsupportedOpError(String(node.op), backend, `node "${node.name}" has no lowering`);
  }
  // A training graph in parts of the batch when asked (BENCH_ORT_SPLIT) and exact (batch-split.ts).
  const parts = options.portable ? 1 : requestedSplit();
  if (parts > 1 && lowerSplit(ctx, graph, parts, lowerNode)) return ctx;
  for (const node of graph.nodes) lowerNode(ctx, node);
  return ctx;
}

function lowerNode(ctx: LowerContext, node: Node): void {
  const lowering = LOWERINGS[node.op] as OpLowering;
  (lowering.lower as (c: LowerContext, n: Node) => void)(ctx, node);
}
