/**
 * Row helpers shared by the classification kernels (softmax, cross-entropy, errorCount, argmax):
 * label validation and the first maximum of a row.
 */
import { OpError } from '../../errors';
import { formatShape } from '../../tensor';
import type { RefTensor } from '../ref-tensor';

/** `[rows, classes]` of a rank-2 logits tensor; throws OpError otherwise. */
export function rowsAndClasses(op: string, node: string, logits: RefTensor): [number, number] {
  if (logits.shape.length !== 2) {
    throw new OpError(op, node, `logits must have rank 2 [batch, classes], got ${formatShape(logits.shape)}`);
  }
  return logits.shape as [number, number];
}

/** Checks that labels are `rows` class indices in [0, classes); names the first bad one. */
export function checkLabels(
  op: string,
  node: string,
  labels: Int32Array,
  rows: number,
  classes: number,
): void {
  if (labels.length !== rows) {
    throw new OpError(
      op,
      node,
      `labels have ${labels.length} entries but logits have ${rows} rows; pass one label per row`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= classes) {
      throw new OpError(
        op,
        node,
        `label ${l} at row ${i} is out of range; labels must be class indices in [0, ${classes})`,
      );
    }
  }
}

/** Index of the first maximum of x[offset .. offset + len); a NaN counts as the maximum (the first NaN wins). */
export function firstMax(x: ArrayLike<number>, offset: number, len: number): number {
  let best = x[offset]!;
  if (Number.isNaN(best)) return 0;
  let at = 0;
  for (let j = 1; j < len; j++) {
    const v = x[offset + j]!;
    if (Number.isNaN(v)) return j; // NaN is the maximum (as in PyTorch and NumPy): the first wins
    if (v > best) {
      best = v;
      at = j;
    }
  }
  return at;
}

/** max and log(sum(exp(x - max))) of one row, in float64. */
export function rowLogSumExp(
  x: ArrayLike<number>,
  offset: number,
  len: number,
): { max: number; lse: number } {
  let max = Number.NEGATIVE_INFINITY;
  for (let j = 0; j < len; j++) if (x[offset + j]! > max) max = x[offset + j]!;
  let sum = 0;
  for (let j = 0; j < len; j++) sum += Math.exp(x[offset + j]! - max);
  return { max, lse: Math.log(sum) };
}
