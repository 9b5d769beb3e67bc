/**
 * The reference executor: validates feeds against a graph's declared inputs, runs the nodes in
 * order through a kernel registry, checks every output against the op's shape rule, and drops
 * intermediates after their last use.
 */
import { OpError } from '../errors';
import { inferGraph } from '../ir/graph';
import type { Graph } from '../ir/graph';
import type { ValueType } from '../ir/ops';
import { formatShape } from '../tensor';
import type { HostTensor } from '../tensor';
import { KernelRegistry } from './kernel-registry';
import { toPrecision } from './ref-tensor';
import type { FloatArray, Precision, RefTensor } from './ref-tensor';
import { referenceKernels } from './register-all';

/** Options of `executeGraph`. */
export interface ExecuteOptions {
  /** Arithmetic of float values: float32 (default, what backends are compared with) or float64. */
  precision?: Precision;
  /** Kernels to run (default: every reference kernel). Tests swap in a perturbed copy. */
  kernels?: KernelRegistry;
}

let defaultRegistry: KernelRegistry | undefined;

/** The registry of every reference kernel (created once). */
export function referenceKernelRegistry(): KernelRegistry {
  defaultRegistry ??= new KernelRegistry(referenceKernels, 'reference');
  return defaultRegistry;
}

interface Plan {
  /** For each node, the values to drop after it runs. */
  release: string[][];
}

const plans = new WeakMap<Graph, Plan>();
const validated = new WeakMap<Graph, Map<string, Map<string, ValueType>>>();

function planFor(graph: Graph): Plan {
  let plan = plans.get(graph);
  if (plan) return plan;
  const keep = new Set(graph.outputs);
  const last = new Map<string, number>();
  graph.nodes.forEach((node, i) => {
    for (const v of node.inputs) last.set(v, i);
    for (const v of node.outputs) if (!last.has(v)) last.set(v, i);
  });
  const release: string[][] = graph.nodes.map(() => []);
  for (const [v, i] of last) if (!keep.has(v)) release[i]!.push(v);
  plan = { release };
  plans.set(graph, plan);
  return plan;
}

function checkFeeds(graph: Graph, feeds: Record<string, RefTensor>): Record<string, ValueType> {
  const declared = new Set(graph.inputs.map((v) => v.name));
  for (const name of Object.keys(feeds)) {
    if (!declared.has(name)) {
      throw new RangeError(
        `executeGraph: feed "${name}" is not an input of the graph; its inputs are ${[...declared].join(', ') || '(none)'}`,
      );
    }
  }
  let batch: number | undefined;
  let batchFrom = '';
  const types: Record<string, ValueType> = {};
  for (const input of graph.inputs) {
    const feed = feeds[input.name];
    const expected = `${input.dtype} ${formatShape(input.shape)}`;
    if (!feed)
      throw new RangeError(`executeGraph: missing feed "${input.name}" (expected ${expected}, -1 = batch)`);
    const isInt = feed.data instanceof Int32Array;
    if (feed.dtype !== input.dtype || isInt !== (input.dtype === 'int32')) {
      throw new TypeError(
        `executeGraph: feed "${input.name}" is ${feed.dtype} ${formatShape(feed.shape)} with ${feed.data.constructor.name} data but the graph expects ${expected}; convert it first`,
      );
    }
    const size = feed.shape.reduce((p, d) => p * d, 1);
    let ok = feed.shape.length === input.shape.length && size === feed.data.length;
    for (let i = 0; ok && i < input.shape.length; i++) {
      const want = input.shape[i]!;
      const got = feed.shape[i]!;
      if (want === -1) {
        if (batch === undefined) {
          batch = got;
          batchFrom = input.name;
        } else if (got !== batch) {
          throw new RangeError(
            `executeGraph: feed "${input.name}" has batch ${got} (shape ${formatShape(feed.shape)}) but feed "${batchFrom}" has batch ${batch}; every -1 dimension is the same batch`,
          );
        }
      } else if (want !== got) {
        ok = false;
      }
    }
    if (!ok) {
      throw new RangeError(
        `executeGraph: feed "${input.name}" has shape ${formatShape(feed.shape)} (${feed.data.length} elements) but the graph expects ${expected} (-1 = batch)`,
      );
    }
    types[input.name] = { shape: [...feed.shape], dtype: input.dtype };
  }
  return types;
}

function sameShape(actual: readonly number[], inferred: readonly number[]): boolean {
  return actual.length === inferred.length && actual.every((d, i) => inferred[i] === -1 || inferred[i] === d);
}

/**
 * Runs `graph` on the host and returns its requested outputs. Feeds must match `graph.inputs`
 * (dtype, rank, dimensions; -1 dimensions share one batch size) or a RangeError/TypeError names
 * the feed, the expected and the actual shape. Float outputs are Float32Array in a float32 run
 * (they are then HostTensors) and Float64Array in a float64 run. Feeds are never modified; an
 * output may share data with a feed (reshape, pass-through).
 */
export function executeGraph(
  graph: Graph,
  feeds: Record<string, RefTensor>,
  options: ExecuteOptions = {},
): Record<string, RefTensor> {
  const precision = options.precision ?? 'float32';
  const kernels = options.kernels ?? referenceKernelRegistry();
  const inputTypes = checkFeeds(graph, feeds);
  const key = graph.inputs.map((v) => formatShape(inputTypes[v.name]!.shape)).join(';');
  let byShape = validated.get(graph);
  if (!byShape) {
    byShape = new Map();
    validated.set(graph, byShape);
  }
  let types = byShape.get(key);
  if (!types) {
    types = inferGraph(graph, inputTypes);
    byShape.set(key, types);
  }
  const values = new Map<string, RefTensor>();
  for (const input of graph.inputs) {
    const feed = feeds[input.name]!;
    const data =
      feed.data instanceof Int32Array ? feed.data : toPrecision(feed.data as FloatArray, precision);
    values.set(input.name, data === feed.data ? feed : { dtype: feed.dtype, shape: feed.shape, data });
  }
  const { release } = planFor(graph);
  graph.nodes.forEach((node, i) => {
    const inputs = node.inputs.map((v) => values.get(v)!);
    const kernel = kernels.get(node.op);
    // biome-ignore lint/suspicious/noExplicitAny: the node's op and attrs match by construction
    const outs = kernel.run(inputs, node.attrs as any, { precision, node: node.name });
    if (outs.length !== node.outputs.length) {
      throw new OpError(
        node.op,
        node.name,
        `kernel of backend "${kernels.backend}" returned ${outs.length} outputs, expected ${node.outputs.length}`,
      );
    }
    node.outputs.forEach((name, j) => {
      const out = outs[j]!;
      const want = types!.get(name)!;
      if (!sameShape(out.shape, want.shape) || out.dtype !== want.dtype) {
        throw new OpError(
          node.op,
          node.name,
          `kernel of backend "${kernels.backend}" produced ${out.dtype} ${formatShape(out.shape)} for output "${name}" but the shape rule says ${want.dtype} ${formatShape(want.shape)}; this is a kernel bug`,
        );
      }
      values.set(name, out);
    });
    for (const v of release[i]!) values.delete(v);
  });
  const result: Record<string, RefTensor> = {};
  for (const name of graph.outputs) result[name] = values.get(name)!;
  return result;
}

/**
 * `executeGraph` in float32, typed as HostTensors (what `Backend.run` returns).
 */
export function executeGraphFloat32(
  graph: Graph,
  feeds: Record<string, HostTensor>,
  kernels?: KernelRegistry,
): Record<string, HostTensor> {
  return executeGraph(graph, feeds, { precision: 'float32', kernels }) as Record<string, HostTensor>;
}
