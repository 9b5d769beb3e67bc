import { DataType } from '../onnx/proto';
import { defineLowering } from './op-lowering';

/** argmax -> ArgMax(axis=1, first maximum) cast to int32. */
export const argmaxLowering = defineLowering({
  op: 'argmax',
  lower(ctx, node) {
    const idx = ctx.g.op1(
      'ArgMax',
      [ctx.get(node.inputs[0]!)],
      { axis: 1, keepdims: 0, select_last_index: 0 },
      `${node.name}.i64`,
    );
    ctx.bind(node.outputs[0]!, ctx.g.op1('Cast', [idx], { to: DataType.INT32 }, node.outputs[0]));
  },
});
