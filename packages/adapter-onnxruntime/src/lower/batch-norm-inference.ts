import type { FloatAttr } from '../onnx/graph-builder';
import { defineLowering } from './op-lowering';
import { identity } from './perm';
import { NCHW } from './perm';

/** batchNormInference -> BatchNormalization (inference mode) on NCHW, or [N, C] for rank 2. */
export const batchNormInferenceLowering = defineLowering({
  op: 'batchNormInference',
  lower(ctx, node) {
    const [x, scale, bias, mean, variance] = node.inputs;
    const rank = ctx.type(x!).shape.length;
    const perm = rank === 4 ? NCHW : identity(rank);
    if (rank !== 4 && rank !== 2) ctx.unsupported(node, `x of rank ${rank} (rank 2 or 4 is lowered)`);
    const epsilon: FloatAttr = { float: node.attrs.epsilon };
    const y = ctx.g.op1(
      'BatchNormalization',
      [ctx.get(x!, perm), ctx.get(scale!), ctx.get(bias!), ctx.get(mean!), ctx.get(variance!)],
      { epsilon },
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, y, perm);
  },
});
