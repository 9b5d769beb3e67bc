import { defineLowering } from './op-lowering';
import { NCHW } from './perm';
import { window2d } from './window-impl';

/** avgPool -> AveragePool on NCHW with count_include_pad = 0 (padding left out of each mean). */
export const avgPoolLowering = defineLowering({
  op: 'avgPool',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const [, h, w] = ctx.type(x).shape;
    const [ph, pw] = node.attrs.poolSize;
    const win = window2d(h!, w!, ph, pw, node.attrs.strides, node.attrs.padding);
    const attrs = {
      kernel_shape: [ph, pw],
      strides: [...node.attrs.strides],
      pads: win.pads,
      count_include_pad: 0,
    };
    ctx.bind(node.outputs[0]!, ctx.g.op1('AveragePool', [ctx.get(x, NCHW)], attrs, node.outputs[0]), NCHW);
  },
});
