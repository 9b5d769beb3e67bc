import { defineLowering } from './op-lowering';

/** reduceSum -> ReduceSum (axes as an int64 input, keepdims 0), axes mapped through x's layout. */
export const reduceSumLowering = defineLowering({
  op: 'reduceSum',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const out = node.outputs[0]!;
    const { name, perm } = ctx.raw(x);
    const axes = new Set(node.attrs.axes);
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
