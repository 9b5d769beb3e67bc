import { channelLayout, channelVector, countPerChannel, toVector } from './batch-norm-impl';
import { defineLowering } from './op-lowering';

/**
 * Training batchNorm in standard ops (ORT's BatchNormalization training mode is not in every
 * build): mean and biased var by ReduceMean, y = (x - mean) * invStd * scale + bias, running
 * statistics updated with momentum (unbiased var), all in x's own layout.
 */
export const batchNormLowering = defineLowering({
  op: 'batchNorm',
  lower(ctx, node) {
    const [x, scale, bias, rm, rv] = node.inputs;
    const [y, meanOut, invStdOut, rmOut, rvOut] = node.outputs;
    const g = ctx.g;
    const n = node.name;
    const { epsilon, momentum } = node.attrs;
    const layout = channelLayout(ctx, x!);
    const xv = ctx.raw(x!).name;
    const axes = g.i64(layout.reduceAxes);
    const mean = g.op1('ReduceMean', [xv, axes], { keepdims: 1 }, `${n}.mean`);
    const centred = g.op1('Sub', [xv, mean], {}, `${n}.centred`);
    const variance = g.op1(
      'ReduceMean',
      [g.op1('Mul', [centred, centred]), axes],
      { keepdims: 1 },
      `${n}.var`,
    );
    const invStd = g.op1(
      'Reciprocal',
      [g.op1('Sqrt', [g.op1('Add', [variance, g.f32(epsilon)])])],
      {},
      `${n}.invstd`,
    );
    const a = g.op1('Mul', [invStd, channelVector(ctx, layout, scale!, `${n}.scale`)], {}, `${n}.a`);
    const out = g.op1(
      'Add',
      [g.op1('Mul', [centred, a]), channelVector(ctx, layout, bias!, `${n}.bias`)],
      {},
      y,
    );
    ctx.bind(y!, out, layout.perm);
    const meanV = toVector(ctx, mean, meanOut!);
    const varV = toVector(ctx, variance, `${n}.varv`);
    ctx.bind(meanOut!, meanV);
    ctx.bind(invStdOut!, toVector(ctx, invStd, invStdOut!));
    const channels = ctx.type(scale!).shape[0]!;
    const count = countPerChannel(ctx, xv, channels, `${n}.count`);
    const unbias = g.op1(
      'Div',
      [count, g.op1('Max', [g.op1('Sub', [count, g.f32(1)]), g.f32(1)])],
      {},
      `${n}.unbias`,
    );
    const keep = g.f32(1 - momentum);
    const take = g.f32(momentum);
    const moved = (running: string, stat: string, hint: string) =>
      g.op1('Add', [g.op1('Mul', [ctx.get(running), keep]), g.op1('Mul', [stat, take])], {}, hint);
    ctx.bind(rmOut!, moved(rm!, meanV, rmOut!));
    ctx.bind(rvOut!, moved(rv!, g.op1('Mul', [varV, unbias]), rvOut!));
  },
});
