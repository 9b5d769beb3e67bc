/**
 * Model statistics from shape inference: parameter count, forward FLOPs per sample, and a
 * Keras-style summary table (as rows; the report package draws them).
 */
import { sizeOf } from '../tensor';
import { flattenLayers, inferShapes } from './infer-shapes';
import type { InferredLayer } from './inferred-model';
import type { ModelSpec } from './model-spec';

/** One row of `summary`: a layer with its output shape (batch left out) and parameter count. */
export interface SummaryRow {
  /** The layer name; layers inside a residual body are indented by two spaces per level. */
  name: string;
  type: string;
  outputShape: number[];
  params: number;
}

const layerParams = (l: InferredLayer): number =>
  l.params.reduce((n, p) => n + (p.buffer ? 0 : sizeOf(p.shape)), 0);

/**
 * Total number of parameters (trainable or not) of a spec, residual bodies included; buffers
 * (batch-norm running statistics) are not parameters, as in PyTorch's `parameters()`.
 */
export function paramCount(spec: ModelSpec): number {
  return flattenLayers(inferShapes(spec).layers).reduce((n, l) => n + layerParams(l), 0);
}

/**
 * Forward floating-point operations per sample, counted as 2 x the multiply-adds of the dense
 * and conv2d layers: dense = 2 * in * units; conv2d = 2 * OH * OW * kh * kw * (C / groups) * filters
 * (every output position counts the full window, padded positions included).
 * Bias adds, batch norm, ReLU, clip, pooling, dropout, residual adds and softmax are not counted. Training costs
 * roughly 3x this (forward + two backward matmuls/convs per layer).
 */
export function flopsPerSample(spec: ModelSpec): number {
  let flops = 0;
  for (const l of flattenLayers(inferShapes(spec).layers)) {
    if (l.type === 'dense') flops += 2 * l.inputShape[0]! * l.outputShape[0]!;
    if (l.type === 'conv2d') {
      // The kernel's input axis is already C / groups.
      const [kh, kw, c, m] = l.params[0]!.shape as [number, number, number, number];
      flops += 2 * l.outputShape[0]! * l.outputShape[1]! * kh * kw * c * m;
    }
  }
  return flops;
}

/**
 * One row per layer in forward order (residual bodies follow their residual row, indented), with
 * the output shape without the batch dimension and the layer's own parameter count; a residual
 * row counts its body's parameters. Sum the rows of depth 0 (unindented) for the total.
 */
export function summary(spec: ModelSpec): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const visit = (layers: InferredLayer[], depth: number): number => {
    let total = 0;
    for (const l of layers) {
      const row: SummaryRow = {
        name: `${'  '.repeat(depth)}${l.name}`,
        type: l.type,
        outputShape: l.outputShape,
        params: 0,
      };
      rows.push(row);
      row.params =
        layerParams(l) +
        (l.children ? visit(l.children, depth + 1) : 0) +
        (l.shortcut ? visit(l.shortcut, depth + 1) : 0);
      total += row.params;
    }
    return total;
  };
  visit(inferShapes(spec).layers, 0);
  return rows;
}
