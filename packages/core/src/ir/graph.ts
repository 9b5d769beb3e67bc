/**
 * Graphs and Programs: how IR nodes are wired together. A Graph is a topologically ordered node
 * list over named values; a Program is what the compiler hands a backend for training.
 */
import { OpError } from '../errors';
import { formatShape } from '../tensor';
import type { DType } from '../tensor';
import { OPS } from './ops';
import type { OpAttrs, OpName, ValueType } from './ops';

/** A value's declared type; a -1 dimension is the batch size. */
export interface ValueInfo {
  name: string;
  shape: number[];
  dtype: DType;
}

/** One op application. `name` is unique in its graph (e.g. `dense_1/matmul`). */
export type Node = {
  [K in OpName]: { op: K; name: string; inputs: string[]; outputs: string[]; attrs: OpAttrs[K] };
}[OpName];

/** A topologically ordered list of nodes with declared inputs and requested outputs. */
export interface Graph {
  inputs: ValueInfo[];
  nodes: Node[];
  outputs: string[];
}

/** How a parameter is initialised (by core's `initWeights`, seeded). */
export type ParamInit =
  | { kind: 'glorotUniform'; fanIn: number; fanOut: number }
  | { kind: 'heUniform'; fanIn: number }
  | { kind: 'zeros' }
  | { kind: 'ones' };

/**
 * A trainable (or frozen) parameter in canonical layout, or a buffer: non-trainable state that
 * lives beside the parameters (batch-norm running statistics, `buffer: true`). Sessions treat
 * both alike for I/O (weights, checkpoints, export); a buffer is never touched by the optimizer
 * (`trainable` is false) but is updated by the train graph (an entry of `Program.updates`)
 * unless its layer is frozen.
 */
export interface ParamInfo {
  name: string;
  shape: number[];
  init: ParamInit;
  /** The spec layer the parameter belongs to. */
  layer: string;
  /** False when frozen (and for buffers): the optimizer computes no update for it. */
  trainable: boolean;
  /** True for non-trainable state (running statistics); absent for parameters. */
  buffer?: true;
}

/** Optimizer state that lives beside a parameter (Adam's m and v), zero-initialised. */
export interface StateInfo {
  name: string;
  shape: number[];
  param: string;
}

/** Which optimizer the update section uses. */
export type OptimizerSpec =
  | { kind: 'sgd'; lr: number }
  | { kind: 'adam'; lr: number; beta1?: number; beta2?: number; epsilon?: number };

/** The loss the train graph minimises. */
export type LossSpec = { kind: 'softmaxCrossEntropy' };

/**
 * A compiled training program. Backends run `train` once per step with inputs `x`, `y`, `step`
 * plus every param and state value, then assign each `updates[i].value` output to its target
 * (a param or state name) for the next step. `evaluate` gives the mean loss and the error count
 * of a batch, `predict` the class probabilities.
 */
export interface Program {
  specificationVersion: 'bench.ir.v1';
  params: ParamInfo[];
  state: StateInfo[];
  /** Input x, e.g. `[-1, 2]` or `[-1, 32, 32, 3]`. */
  x: ValueInfo;
  /** Labels, int32 `[-1]`. */
  y: ValueInfo;
  /** Training step, int32 scalar, 1-based (Adam's t, dropout's mask counter). */
  step: ValueInfo;
  numClasses: number;
  loss: LossSpec;
  optimizer: OptimizerSpec;
  /**
   * Forward, backward and update nodes; outputs: `loss` then every update value (optimizer
   * updates of trainable params and their state, then the new running statistics of every
   * unfrozen batch-norm layer).
   */
  train: Graph;
  updates: { value: string; target: string }[];
  /** Eval-mode forward (no dropout) plus loss and errorCount; outputs: `loss`, `errors`. */
  evaluate: Graph;
  /** Eval-mode forward plus softmax; output: `probs`. */
  predict: Graph;
}

/**
 * Checks a graph's wiring and infers every value's type from the input types. Throws OpError for
 * an undefined input, a duplicate value, or a shape rule violation. Returns the type of every
 * value by name (inputs included).
 */
export function inferGraph(graph: Graph, inputTypes?: Record<string, ValueType>): Map<string, ValueType> {
  const types = new Map<string, ValueType>();
  for (const v of graph.inputs) {
    types.set(v.name, inputTypes?.[v.name] ?? { shape: [...v.shape], dtype: v.dtype });
  }
  for (const node of graph.nodes) {
    const def = OPS[node.op];
    if (!def)
      throw new OpError(String(node.op), node.name, `unknown op; valid ops: ${Object.keys(OPS).join(', ')}`);
    if (node.inputs.length !== def.inputs.length) {
      throw new OpError(
        node.op,
        node.name,
        `expects ${def.inputs.length} inputs (${def.inputs.join(', ')}), got ${node.inputs.length}`,
      );
    }
    if (node.outputs.length !== def.outputs.length) {
      throw new OpError(
        node.op,
        node.name,
        `produces ${def.outputs.length} outputs (${def.outputs.join(', ')}), got ${node.outputs.length}`,
      );
    }
    const ins = node.inputs.map((name) => {
      const t = types.get(name);
      if (!t) throw new OpError(node.op, node.name, `input "${name}" is not defined before this node`);
      return t;
    });
    // biome-ignore lint/suspicious/noExplicitAny: attrs are checked per op by the shape rule
    const outs = (def.infer as (i: ValueType[], a: any, n: string) => ValueType[])(
      ins,
      node.attrs,
      node.name,
    );
    node.outputs.forEach((name, i) => {
      if (types.has(name)) throw new OpError(node.op, node.name, `output "${name}" is already defined`);
      types.set(name, outs[i]!);
    });
  }
  for (const out of graph.outputs) {
    if (!types.has(out)) throw new OpError('graph', out, `requested output "${out}" is never produced`);
  }
  return types;
}

/** Replaces -1 (batch) dimensions by a concrete batch size. */
export function withBatch(shape: readonly number[], batch: number): number[] {
  return shape.map((d) => (d === -1 ? batch : d));
}
