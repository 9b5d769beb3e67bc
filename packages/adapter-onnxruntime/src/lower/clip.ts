import { defineLowering } from './op-lowering';

/** clip -> Clip(x, min, max), in whatever layout x has. */
export const clipLowering = defineLowering({
  op: 'clip',
  lower(ctx, node) {
    const { name, perm } = ctx.raw(node.inputs[0]!);
    const { min, max } = node.attrs;
    const y = ctx.g.op1('Clip', [name, ctx.g.f32(min), ctx.g.f32(max)], {}, node.outputs[0]);
    ctx.bind(node.outputs[0]!, y, perm);
  },
});
