import type { LowerContext, Lowered } from './context';
import { pooledGradKey } from './max-pool-grad';
import { defineLowering } from './op-lowering';
import { isIdentity } from './perm';
import { fusedUpdateKey } from './sgd-update';

/**
 * reduceSum -> ReduceSum (axes as an int64 input, keepdims 0), axes mapped through x's layout; the
 * bias gradient of a max-unpooled gradient reads the pooled gradient instead. The sum over the rows
 * of a matrix (a dense layer's bias gradient) is a vector-matrix MatMul instead, and plain SGD's
 * update of that bias rides in it (see rowSum).
 */
export const reduceSumLowering = defineLowering({
  op: 'reduceSum',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const out = node.outputs[0]!;
    const axes = new Set(node.attrs.axes);
    if (rowSum(ctx, x, out, axes)) return;
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

/**
 * The sum over the rows of a `[B, M]` matrix as `MatMul(ones[B], x)`: onnxruntime 1.29's ReduceSum
 * over axis 0 takes ~19 us for `[100, 256]` on one thread, the MatMul with its ones (Shape + Expand)
 * ~3 us (micro-run, 50 chained bias updates). When the sum's only consumer is plain SGD's update
 * of a bias, the ones are `-lr` and the update is one Add (p + (-lr) * sum): E3's step has a bias
 * per layer. `BENCH_ORT_DENSE_FOLD=0` keeps ReduceSum (and Mul + Sub). False when not a row sum.
 */
function rowSum(ctx: LowerContext, x: string, out: string, axes: ReadonlySet<number>): boolean {
  const { name, perm } = ctx.raw(x);
  if (process.env.BENCH_ORT_DENSE_FOLD === '0' || perm.length !== 2 || !isIdentity(perm)) return false;
  if (axes.size !== 1 || !axes.has(0)) return false;
  const g = ctx.g;
  const next = ctx.onlyConsumer(out);
  const update = next?.op === 'sgdUpdate' && next.inputs[1] === out ? next : undefined;
  const rows = g.op1('Shape', [name], { start: 0, end: 1 }, `${out}.rows`);
  const ones = g.op1('Expand', [g.f32(update ? -update.attrs.lr : 1), rows], {}, `${out}.ones`);
  const sum = g.op1('MatMul', [ones, name], {}, update ? `${update.name}.step` : out);
  if (!update) {
    ctx.bind(out, sum);
    return true;
  }
  ctx.bind(update.outputs[0]!, g.op1('Add', [ctx.get(update.inputs[0]!), sum], {}, update.outputs[0]));
  ctx.memo.set(fusedUpdateKey(update.name), true);
  return true;
}
