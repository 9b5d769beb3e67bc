import { channelLayout, channelVector, scaleOverStd } from './batch-norm-impl';
import { defineLowering } from './op-lowering';

/** batchNormInferenceGrad -> dy * (scale / sqrt(var + epsilon)) broadcast along dy's channel axis. */
export const batchNormInferenceGradLowering = defineLowering({
  op: 'batchNormInferenceGrad',
  lower(ctx, node) {
    const [dy, scale, variance] = node.inputs;
    const layout = channelLayout(ctx, dy!);
    const a = scaleOverStd(ctx, scale!, variance!, node.attrs.epsilon, `${node.name}.a`);
    const bcast = ctx.g.op1('Reshape', [a, ctx.g.i64(layout.bshape)], {}, `${node.name}.abcast`);
    const dx = ctx.g.op1('Mul', [ctx.raw(dy!).name, bcast], {}, node.outputs[0]);
    ctx.bind(node.outputs[0]!, dx, layout.perm);
  },
});
