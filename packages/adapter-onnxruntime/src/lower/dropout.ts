import { dropoutMaskGraph } from './dropout-mask-impl';
import { defineLowering } from './op-lowering';

/**
 * dropout -> the counterUniform mask computed in-graph with integer ops (no host masks to feed,
 * so a whole epoch can run inside one Loop), then y = x * mask. x is used in canonical layout
 * because the mask index is the canonical row-major element index.
 */
export const dropoutLowering = defineLowering({
  op: 'dropout',
  lower(ctx, node) {
    const [x, step] = node.inputs;
    const xc = ctx.get(x!);
    const { seed, rate } = node.attrs;
    const mask = dropoutMaskGraph(ctx.g, xc, ctx.get(step!), seed, rate, node.name, ctx.rowOffset);
    ctx.bind(node.outputs[1]!, mask);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Mul', [xc, mask], {}, node.outputs[0]));
  },
});
