/**
 * NaN-propagating maxima in ONNX. onnxruntime's MaxPool and ArgMax compare with `>`, which skips
 * NaN (a window of [NaN, 1] pools to 1), while the IR follows PyTorch: NaN is the maximum and
 * the first NaN wins. These helpers build the extra nodes that restore that.
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import type { AttrValue } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';
import { branchOnFinite } from './non-finite-impl';

/** Largest finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * x with NaN replaced by +Inf, +Inf by the largest float and -Inf by the lowest: a first-maximum
 * search with `>` on it (MaxPool's Indices) finds the first NaN, else the first +Inf, else the
 * first maximum, and a window of -Inf still routes to its first element (as PyTorch).
 */
export function nanAsLargest(g: GraphBuilder, x: string, hint: string): string {
  const inf = g.f32(Number.POSITIVE_INFINITY);
  const negInf = g.f32(Number.NEGATIVE_INFINITY);
  const noPosInf = g.op1('Where', [g.op1('Equal', [x, inf]), g.f32(FLOAT32_MAX), x], {}, `${hint}.noPosInf`);
  const finite = g.op1(
    'Where',
    [g.op1('Equal', [x, negInf]), g.f32(-FLOAT32_MAX), noPosInf],
    {},
    `${hint}.finite`,
  );
  return g.op1('Where', [g.op1('IsNaN', [x]), inf, finite], {}, `${hint}.nanLargest`);
}

/** ArgMax over axis 1 of [N, K] where the first NaN of a row is its maximum; int64 [N]. */
export function nanFirstArgMax(g: GraphBuilder, x: string, hint: string): string {
  const nan = g.op1('Cast', [g.op1('IsNaN', [x])], { to: DataType.FLOAT }, `${hint}.nan`);
  const argmax = (t: string) => g.op1('ArgMax', [t], { axis: 1, keepdims: 0, select_last_index: 0 });
  const hasNaN = g.op1('Greater', [g.op1('ReduceMax', [nan, g.i64([1])], { keepdims: 0 }), g.f32(0)]);
  return g.op1('Where', [hasNaN, argmax(nan), argmax(x)], {}, `${hint}.i64`);
}

/**
 * MaxPool with Indices where NaN wins (see nanAsLargest): the pooled values and the Indices (flat
 * over x). The NaN/Inf rewrite costs six passes over x (a fifth of an E4 step), so it runs only
 * when x holds a non-finite value (branchOnFinite). The finite branch is a plain MaxPool, whose
 * values and Indices the guarded one equals on finite input.
 * `BENCH_ORT_MAXPOOL_NAN=always` runs the guarded branch unconditionally (the lowering before).
 */
export function nanFirstMaxPool(
  g: GraphBuilder,
  x: string,
  attrs: Record<string, AttrValue>,
  hint: string,
): { y: string; indices: string } {
  if (process.env.BENCH_ORT_MAXPOOL_NAN === 'always') return guardedMaxPool(g, x, attrs, hint);
  const [y, idx] = branchOnFinite(
    g,
    x,
    hint,
    [DataType.FLOAT, DataType.INT64],
    (plain) => plain.op('MaxPool', [x], attrs, 2, `${hint}.pool`),
    (guarded) => {
      const gp = guardedMaxPool(guarded, x, attrs, hint);
      return [gp.y, gp.indices];
    },
  );
  return { y: y!, indices: idx! };
}

/** MaxPool on x with NaN ordered largest; the pooled value gathered from x at the Indices. */
function guardedMaxPool(
  g: GraphBuilder,
  x: string,
  attrs: Record<string, AttrValue>,
  hint: string,
): { y: string; indices: string } {
  const [ordered, indices] = g.op('MaxPool', [nanAsLargest(g, x, hint)], attrs, 2, `${hint}.pool`);
  // The pooled value is x at the Indices (NaN itself, not the +Inf that stood in for it).
  const flat = g.i64([-1]);
  const picked = g.op1('GatherElements', [g.op1('Reshape', [x, flat]), g.op1('Reshape', [indices!, flat])], {
    axis: 0,
  });
  const y = g.op1('Reshape', [picked, g.op1('Shape', [ordered!])], {}, `${hint}.picked`);
  return { y, indices: indices! };
}
