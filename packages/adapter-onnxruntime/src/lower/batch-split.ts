/**
 * Batch split of a training graph (BENCH_ORT_SPLIT=2): the batch is cut into two partCtxs inside
 * the graph and every node that reads batch data is lowered once per half, in its own
 * LowerContext, so the two partCtxs form independent chains that onnxruntime's parallel executor
 * (executionMode 'parallel', 2 inter-op threads, 1 intra-op thread) can run on the two cores;
 * the per-half loss and gradients are combined before the nodes that read no batch data (the
 * optimizer). onnxruntime parallelises inside each op otherwise, which scales poorly on the E4
 * CNN's small per-image GEMMs, MaxPool and reorders.
 *
 * Exactness: each half computes its own mean loss and, through softmaxCrossEntropyGrad (which
 * divides by its own batch), gradients scaled by N / n_half; a value the partCtxs reduce over the
 * batch (the loss, and gradients of weights) is therefore combined as (n0 v0 + n1 v1) / N, which is
 * the full-batch value for any N. The split applies only where that argument holds: the graph has
 * a softmaxCrossEntropyGrad, every batch-reducing node is the loss or reads a value derived from
 * that gradient, no op reads batch statistics (batch norm in training mode, errorCount), and no
 * half reads a combined value; otherwise lowerGraph lowers the graph whole. Dropout masks index
 * the full batch (each half's context carries its row offset), so masks match the unsplit graph.
 */
import type { Graph, Node, ValueType } from '@bench/core';
import type { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';
import { LowerContext } from './context';

/** Node names of part h start with `node/${PART_PREFIX}${h}/` (streams.ts assigns them to streams). */
export const PART_PREFIX = 'part';

/** Ops whose batch reduction is not a mean-scaled gradient: a graph with them is not split. */
const BATCH_STATISTICS = new Set<string>(['batchNorm', 'batchNormGrad', 'errorCount']);

/** Parts requested by BENCH_ORT_SPLIT (unset, 0 or 1: no split; k in 2..16: k parts). */
export function requestedSplit(): number {
  const v = process.env.BENCH_ORT_SPLIT;
  if (v === undefined || v === '' || v === '0' || v === '1') return 1;
  const k = Number(v);
  if (!Number.isInteger(k) || k < 2 || k > 16)
    throw new RangeError(`onnxruntime backend: BENCH_ORT_SPLIT must be an integer from 0 to 16, got "${v}"`);
  return k;
}

const isBatch = (t: ValueType | undefined) => t !== undefined && t.shape.length > 0 && t.shape[0] === -1;

/** Per-half nodes (those reading batch data, transitively), or undefined when the split does not apply. */
export function splittableNodes(graph: Graph, types: ReadonlyMap<string, ValueType>): Set<Node> | undefined {
  if (!graph.nodes.some((n) => n.op === 'softmaxCrossEntropyGrad')) return undefined;
  if (graph.nodes.some((n) => BATCH_STATISTICS.has(n.op))) return undefined;
  if (graph.outputs.some((o) => isBatch(types.get(o)))) return undefined;
  const perPart = new Set<Node>();
  const halfValues = new Set(graph.inputs.filter((v) => isBatch(types.get(v.name))).map((v) => v.name));
  if (halfValues.size === 0) return undefined; // a fixed batch (Backend.run with fed shapes)
  const gradient = new Set<string>();
  const combined = new Set<string>();
  for (const node of graph.nodes) {
    if (node.op === 'softmaxCrossEntropyGrad') node.outputs.forEach((o) => gradient.add(o));
    else if (node.inputs.some((i) => gradient.has(i))) node.outputs.forEach((o) => gradient.add(o));
    if (!node.inputs.some((i) => halfValues.has(i))) continue;
    if (node.inputs.some((i) => combined.has(i))) return undefined;
    perPart.add(node);
    for (const o of node.outputs) {
      if (isBatch(types.get(o))) {
        halfValues.add(o);
        continue;
      }
      // A batch reduction: exact to combine only as the mean loss or a gradient (see file comment).
      const meanScaled = node.op === 'softmaxCrossEntropy' || node.inputs.some((i) => gradient.has(i));
      if (!meanScaled) return undefined;
      combined.add(o);
    }
  }
  return perPart;
}

/**
 * Lowers `graph` in `parts` parts of the batch (see the file comment) into `main`'s builder;
 * returns false (and emits nothing) when the split does not apply.
 */
export function lowerSplit(
  main: LowerContext,
  graph: Graph,
  parts: number,
  lowerNode: (ctx: LowerContext, node: Node) => void,
): boolean {
  const perPart = splittableNodes(graph, main.types);
  if (!perPart) return false;
  const g: GraphBuilder = main.g;
  const partCtxs = Array.from(
    { length: parts },
    () => new LowerContext(g, main.types, main.backend, graph.nodes, graph.outputs, main.portable),
  );
  // Part h holds rows [floor(N h / parts), floor(N (h + 1) / parts)) and weighs rows / N. A part
  // with no rows (N < parts) reads one row anyway (no empty tensors) and weighs 0.
  const batchInput = graph.inputs.find((v) => isBatch(main.types.get(v.name)))!.name;
  const n = g.op1('Gather', [g.op1('Shape', [main.get(batchInput)]), g.i64([0])], { axis: 0 }, 'split.n');
  const cuts = Array.from({ length: parts + 1 }, (_, h) =>
    h === 0 ? g.i64([0]) : h === parts ? n : g.op1('Div', [g.op1('Mul', [n, g.i64([h])]), g.i64([parts])]),
  );
  const nf = g.op1('Cast', [n], { to: DataType.FLOAT }, 'split.nf');
  const lastRow = g.op1('Sub', [n, g.i64([1])], {}, 'split.last');
  const bounds = partCtxs.map((_, h) => {
    const lo = g.op1('Min', [cuts[h]!, lastRow], {}, `split.lo${h}`);
    return [lo, g.op1('Max', [cuts[h + 1]!, g.op1('Add', [lo, g.i64([1])])], {}, `split.hi${h}`)] as const;
  });
  const weights = partCtxs.map((_, h) => {
    const rows = g.op1(
      'Cast',
      [g.op1('Sub', [cuts[h + 1]!, cuts[h]!])],
      { to: DataType.FLOAT },
      `split.rows${h}`,
    );
    return g.op1('Reshape', [g.op1('Div', [rows, nf]), g.i64([])], {}, `split.w${h}`);
  });
  partCtxs.forEach((ctx, h) => {
    ctx.rowOffset = g.op1('Reshape', [bounds[h]![0], g.i64([])], {}, `split.offset${h}`);
  });
  for (const v of graph.inputs) {
    const { name, perm } = main.raw(v.name);
    partCtxs.forEach((ctx, h) => {
      if (!isBatch(main.types.get(v.name))) return ctx.bind(v.name, name, perm);
      const [lo, hi] = bounds[h]!;
      ctx.bind(v.name, g.op1('Slice', [main.get(v.name), lo, hi, g.i64([0])], {}, `${v.name}.half${h}`));
    });
  }
  for (const node of graph.nodes) {
    if (!perPart.has(node)) {
      lowerNode(main, node);
      for (const o of node.outputs) {
        const { name, perm } = main.raw(o);
        for (const ctx of partCtxs) ctx.bind(o, name, perm);
      }
      continue;
    }
    partCtxs.forEach((ctx, h) => {
      g.nodePrefix = `${PART_PREFIX}${h}/`;
      lowerNode(ctx, node);
    });
    g.nodePrefix = '';
    for (const o of node.outputs) {
      if (isBatch(main.types.get(o))) continue;
      const weighted = partCtxs.map((ctx, h) => g.op1('Mul', [ctx.get(o), weights[h]!], {}, `${o}.w${h}`));
      main.bind(o, g.op1('Sum', weighted, {}, o));
    }
  }
  return true;
}
