import { channelLayout, channelVector, countPerChannel, toVector } from './batch-norm-impl';
import { defineLowering } from './op-lowering';

/**
 * batchNormGrad in standard ops, in x's layout: dbias = sum dy, dscale = sum dy * xhat,
 * dx = scale * invStd * (dy - dbias / count - xhat * dscale / count).
 */
export const batchNormGradLowering = defineLowering({
  op: 'batchNormGrad',
  lower(ctx, node) {
    const [dy, x, scale, mean, invStd] = node.inputs;
    const [dxOut, dscaleOut, dbiasOut] = node.outputs;
    const g = ctx.g;
    const n = node.name;
    const layout = channelLayout(ctx, x!);
    const xv = ctx.raw(x!).name;
    const dyv = ctx.get(dy!, layout.perm);
    const axes = g.i64(layout.reduceAxes);
    const inv = channelVector(ctx, layout, invStd!, `${n}.invstd`);
    const xhat = g.op1(
      'Mul',
      [g.op1('Sub', [xv, channelVector(ctx, layout, mean!, `${n}.mean`)]), inv],
      {},
      `${n}.xhat`,
    );
    const dbias = g.op1('ReduceSum', [dyv, axes], { keepdims: 1 }, `${n}.dbias`);
    const dscale = g.op1('ReduceSum', [g.op1('Mul', [dyv, xhat]), axes], { keepdims: 1 }, `${n}.dscale`);
    const channels = ctx.type(scale!).shape[0]!;
    const count = countPerChannel(ctx, xv, channels, `${n}.count`);
    const inner = g.op1(
      'Sub',
      [
        g.op1('Sub', [dyv, g.op1('Div', [dbias, count])]),
        g.op1('Mul', [xhat, g.op1('Div', [dscale, count])]),
      ],
      {},
      `${n}.inner`,
    );
    const factor = g.op1('Mul', [channelVector(ctx, layout, scale!, `${n}.scale`), inv], {}, `${n}.factor`);
    ctx.bind(dxOut!, g.op1('Mul', [inner, factor], {}, dxOut), layout.perm);
    ctx.bind(dscaleOut!, toVector(ctx, dscale, dscaleOut!));
    ctx.bind(dbiasOut!, toVector(ctx, dbias, dbiasOut!));
  },
});
