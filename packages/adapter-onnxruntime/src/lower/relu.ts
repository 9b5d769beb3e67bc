import { fusedReluKey } from './conv2d';
import { defineLowering } from './op-lowering';

/** relu -> Relu, in whatever layout x has (or nothing, when folded into an NCHWc Conv). */
export const reluLowering = defineLowering({
  op: 'relu',
  lower(ctx, node) {
    if (ctx.memo.has(fusedReluKey(node.name))) return; // the NCHWc conv2d before it applied it
    const { name, perm } = ctx.raw(node.inputs[0]!);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Relu', [name], {}, node.outputs[0]), perm);
  },
});
