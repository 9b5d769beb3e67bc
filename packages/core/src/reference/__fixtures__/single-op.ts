/**
 * Test helpers: run one IR op through the reference executor, and make seeded random tensors.
 */
import type { Graph, Node } from '../../ir/graph';
import { OPS } from '../../ir/ops';
import type { OpAttrs, OpName } from '../../ir/ops';
import type { Rng } from '../../util/random';
import { executeGraph } from '../execute-graph';
import type { ExecuteOptions } from '../execute-graph';
import type { FloatArray, Precision, RefTensor } from '../ref-tensor';

/** Runs `op` on `inputs` (in declared order) and returns its outputs in declared order. */
export function runOp<K extends OpName>(
  op: K,
  inputs: RefTensor[],
  attrs: OpAttrs[K],
  precision: Precision = 'float64',
  options: ExecuteOptions = {},
): RefTensor[] {
  const def = OPS[op];
  const graph: Graph = {
    inputs: def.inputs.map((name, i) => ({ name, shape: [...inputs[i]!.shape], dtype: inputs[i]!.dtype })),
    nodes: [
      { op, name: op, inputs: [...def.inputs], outputs: def.outputs.map((o) => `out_${o}`), attrs } as Node,
    ],
    outputs: def.outputs.map((o) => `out_${o}`),
  };
  const feeds = Object.fromEntries(def.inputs.map((name, i) => [name, inputs[i]!]));
  const out = executeGraph(graph, feeds, { ...options, precision });
  return def.outputs.map((o) => out[`out_${o}`]!);
}

/** A float64 tensor of uniform values in [lo, hi). */
export function randomTensor(rng: Rng, shape: number[], lo = -1, hi = 1): RefTensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.uniform(lo, hi);
  return { dtype: 'float32', shape, data };
}

/**
 * A float64 tensor whose values are a shuffled grid (distinct, at least `gap` apart, none within
 * gap/2 of 0): safe for finite differences through relu and max kinks.
 */
export function distinctTensor(rng: Rng, shape: number[], gap = 1e-3): RefTensor {
  const n = shape.reduce((p, d) => p * d, 1);
  const vals = Array.from({ length: n }, (_, i) => (i - n / 2 + 0.5) * gap * (1 + 1 / n));
  rng.shuffle(vals);
  return { dtype: 'float32', shape, data: Float64Array.from(vals) };
}

/** int32 labels in [0, classes). */
export function randomLabels(rng: Rng, n: number, classes: number): RefTensor {
  return { dtype: 'int32', shape: [n], data: Int32Array.from({ length: n }, () => rng.int(classes)) };
}

/** Same shape, float32 storage (what a float32 run is fed). */
export function toF32(t: RefTensor): RefTensor {
  return t.data instanceof Int32Array
    ? t
    : { dtype: t.dtype, shape: t.shape, data: Float32Array.from(t.data) };
}

/** Largest |a - b| / max(1, |b|) over all elements. */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i]! - b[i]!) / Math.max(1, Math.abs(b[i]!));
    if (!(d <= worst)) worst = d;
  }
  return worst;
}

/** The float data of a tensor (tests only). */
export function fdata(t: RefTensor): FloatArray {
  return t.data as FloatArray;
}
