/**
 * Label helpers shared by the loss lowerings: int64 labels and a OneHot-free one-hot
 * (`Equal(Unsqueeze(labels), Range(0, K))`, see ORT-NOTES: the CPU OneHot kernel lacks some
 * type pairs).
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import { DataType } from '../onnx/proto';

/** Labels cast to int64. */
export function labelsI64(g: GraphBuilder, labels: string): string {
  return g.op1('Cast', [labels], { to: DataType.INT64 }, `${labels}.i64`);
}

/** Float one-hot [N, K] of int32 labels [N] for `numClasses` = K. */
export function oneHot(g: GraphBuilder, labels: string, numClasses: number): string {
  const classes = g.constant(
    DataType.INT32,
    Array.from({ length: numClasses }, (_, i) => i),
    [numClasses],
    'classes',
  );
  const col = g.op1('Unsqueeze', [labels, g.i64([1])], {}, `${labels}.col`);
  return g.op1('Cast', [g.op1('Equal', [col, classes])], { to: DataType.FLOAT }, `${labels}.onehot`);
}

/** The batch size of an [N, ...] value as a float32 scalar. */
export function batchAsFloat(g: GraphBuilder, x: string): string {
  const n = g.op1('Gather', [g.op1('Shape', [x]), g.i64(0)], { axis: 0 }, `${x}.n`);
  return g.op1('Cast', [n], { to: DataType.FLOAT }, `${x}.nf`);
}
