import { defineLowering } from './op-lowering';
import { invert } from './perm';

/** Memo key marking a biasAdd whose Add was folded into the conv2d or matmul before it. */
export function fusedBiasKey(biasAddNode: string): string {
  return `fusedBias|${biasAddNode}`;
}

/** biasAdd -> Add, with the bias reshaped to [C, 1, ...] when x's channel axis is not last physically. */
export const biasAddLowering = defineLowering({
  op: 'biasAdd',
  lower(ctx, node) {
    if (ctx.memo.has(fusedBiasKey(node.name))) return; // folded into the Conv or Gemm before it
    const [x, b] = node.inputs;
    const { name, perm } = ctx.raw(x!);
    const channelPos = invert(perm)[perm.length - 1]!;
    const trailing = perm.length - 1 - channelPos;
    let bias = ctx.get(b!);
    if (trailing > 0)
      bias = ctx.g.op1(
        'Reshape',
        [bias, ctx.g.i64([-1, ...Array<number>(trailing).fill(1)])],
        {},
        `${b}.bcast`,
      );
    ctx.bind(node.outputs[0]!, ctx.g.op1('Add', [name, bias], {}, node.outputs[0]), perm);
  },
});
