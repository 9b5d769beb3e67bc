import { DataType } from '../onnx/proto';
import { defineLowering } from './op-lowering';

/** reluGrad -> Where(y > 0, dy, 0), in dy's layout. */
export const reluGradLowering = defineLowering({
  op: 'reluGrad',
  lower(ctx, node) {
    const [dy, y] = node.inputs;
    const { name, perm } = ctx.raw(dy!);
    const zero = ctx.g.constant(DataType.FLOAT, [0], [], 'zero');
    const positive = ctx.g.op1('Greater', [ctx.get(y!, perm), zero], {}, `${y}.pos`);
    ctx.bind(node.outputs[0]!, ctx.g.op1('Where', [positive, name, zero], {}, node.outputs[0]), perm);
  },
});
