import { defineLowering } from './op-lowering';

/** relu -> Relu, in whatever layout x has. */
export const reluLowering = defineLowering({
  op: 'relu',
  lower(ctx, node) {
    const { name, perm } = ctx.raw(node.inputs[0]!);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Relu', [name], {}, node.outputs[0]), perm);
  },
});
