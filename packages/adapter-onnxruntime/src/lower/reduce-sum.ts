import type { Lowered } from './context';
import { pooledGradKey } from './max-pool-grad';
import { defineLowering } from './op-lowering';

/**
 * reduceSum -> ReduceSum (axes as an int64 input, keepdims 0), axes mapped through x's layout; the
 * bias gradient of a max-unpooled gradient reads the pooled gradient instead.
 */
export const reduceSumLowering = defineLowering({
  op: 'reduceSum',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const out = node.outputs[0]!;
    const axes = new Set(node.attrs.axes);
    // Sum over N, H, W of a max-unpooled gradient: the same sum over the pooled one (max-pool-grad.ts).
    const pooled = ctx.memo.get(pooledGradKey(x)) as Lowered | undefined;
    const spatial = axes.size === 3 && [0, 1, 2].every((a) => axes.has(a)) && ctx.type(x).shape.length === 4;
    const { name, perm } =
      pooled && spatial && process.env.BENCH_ORT_RELU_GRAD !== 'full' ? pooled : ctx.raw(x);
    if (axes.size === 0) {
      // ONNX ReduceSum with no axes reduces everything; the IR means "reduce nothing".
      ctx.bind(out, ctx.g.op1('Identity', [name], {}, out), perm);
      return;
    }
    const physAxes = perm.flatMap((canon, j) => (axes.has(canon) ? [j] : []));
    const keptCanon = perm.filter((canon) => !axes.has(canon));
    const sortedKept = [...keptCanon].sort((a, b) => a - b);
    const outPerm = keptCanon.map((c) => sortedKept.indexOf(c));
    const y = ctx.g.op1('ReduceSum', [name, ctx.g.i64(physAxes)], { keepdims: 0 }, out);
    ctx.bind(out, y, outPerm);
  },
});
