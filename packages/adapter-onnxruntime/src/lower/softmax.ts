import { defineLowering } from './op-lowering';

/** softmax -> Softmax(axis=-1). */
export const softmaxLowering = defineLowering({
  op: 'softmax',
  lower(ctx, node) {
    ctx.bind(
      node.outputs[0]!,
      ctx.g.op1('Softmax', [ctx.get(node.inputs[0]!)], { axis: -1 }, node.outputs[0]),
    );
  },
});
