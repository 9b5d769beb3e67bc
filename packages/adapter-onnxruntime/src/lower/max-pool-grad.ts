import { NCHW } from './perm';
import { maxPoolIndicesKey } from './max-pool';
import { defineLowering } from './op-lowering';
import { window2d } from './window-impl';

/**
 * maxPoolGrad -> MaxPool Indices (flat over N*C*H*W of NCHW x; first maximum wins ties) and
 * ScatterElements(reduction="add") of dy into a zero tensor of x's size, so overlapping windows
 * accumulate.
 */
export const maxPoolGradLowering = defineLowering({
  op: 'maxPoolGrad',
  lower(ctx, node) {
    const [dy, x] = node.inputs;
    const g = ctx.g;
    const xN = ctx.get(x!, NCHW);
    let indices = ctx.memo.get(maxPoolIndicesKey(x!, node.attrs)) as string | undefined;
    if (!indices) {
      const [, h, w] = ctx.type(x!).shape;
      const [ph, pw] = node.attrs.poolSize;
      const win = window2d(h!, w!, ph, pw, node.attrs.strides, node.attrs.padding);
      indices = g.op('MaxPool', [xN], { kernel_shape: [ph, pw], strides: [...node.attrs.strides], pads: win.pads }, 2, `${node.name}.pool`)[1]!;
    }
    const flat = g.i64([-1]);
    const size = g.op1('Reshape', [g.op1('Size', [xN]), flat], {}, `${node.name}.size`);
    const zeros = g.op1('ConstantOfShape', [size], {}, `${node.name}.zeros`);
    const scattered = g.op1(
      'ScatterElements',
      [zeros, g.op1('Reshape', [indices, flat]), g.op1('Reshape', [ctx.get(dy!, NCHW), flat])],
      { axis: 0, reduction: 'add' },
      `${node.name}.scatter`,
    );
    const dx = g.op1('Reshape', [scattered, g.op1('Shape', [xN])], {}, node.outputs[0]);
    ctx.bind(node.outputs[0]!, dx, NCHW);
  },
});
