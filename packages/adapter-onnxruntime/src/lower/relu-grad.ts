import { DataType } from '../onnx/proto';
import { fusedReluGradKey } from './max-pool-grad';
import { defineLowering } from './op-lowering';

/**
 * reluGrad -> Where(y <= 0, 0, dy), in dy's layout: as PyTorch's threshold_backward, a NaN y
 * passes dy and a NaN dy where y <= 0 gives 0.
 */
export const reluGradLowering = defineLowering({
  op: 'reluGrad',
  lower(ctx, node) {
    if (ctx.memo.has(fusedReluGradKey(node.name))) return; // applied to the pooled gradient (maxPoolGrad)
    const [dy, y] = node.inputs;
    const { name, perm } = ctx.raw(dy!);
    const zero = ctx.g.constant(DataType.FLOAT, [0], [], 'zero');
    const off = ctx.g.op1('LessOrEqual', [ctx.get(y!, perm), zero], {}, `${y}.off`);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Where', [off, zero, name], {}, node.outputs[0]), perm);
  },
});
