/**
 * NaN-propagating maxima in ONNX. onnxruntime's MaxPool and ArgMax compare with `>`, which skips
 * NaN (a window of [NaN, 1] pools to 1), while the IR follows PyTorch: NaN is the maximum and
 * the first NaN wins. These helpers build the extra nodes that restore that.
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';

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
