import { defineLowering } from './op-lowering';

/** clipGrad -> Where(min < x < max, dy, 0), in dy's layout. */
export const clipGradLowering = defineLowering({
  op: 'clipGrad',
  lower(ctx, node) {
    const [dy, x] = node.inputs;
    const g = ctx.g;
    const { name, perm } = ctx.raw(dy!);
    const xv = ctx.get(x!, perm);
    const inside = g.op1(
      'And',
      [g.op1('Greater', [xv, g.f32(node.attrs.min)]), g.op1('Less', [xv, g.f32(node.attrs.max)])],
      {},
      `${x}.inside`,
    );
    ctx.bind(node.outputs[0]!, g.op1('Where', [inside, name, g.f32(0)], {}, node.outputs[0]), perm);
  },
});
