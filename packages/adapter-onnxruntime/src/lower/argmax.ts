import { DataType } from '../onnx/proto';
import { nanFirstArgMax } from './nan-max-impl';
import { defineLowering } from './op-lowering';

/** argmax -> ArgMax(axis=1, first maximum; the first NaN of a row wins) cast to int32. */
export const argmaxLowering = defineLowering({
  op: 'argmax',
  lower(ctx, node) {
    const idx = nanFirstArgMax(ctx.g, ctx.get(node.inputs[0]!), node.name);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Cast', [idx], { to: DataType.INT32 }, node.outputs[0]));
  },
});
