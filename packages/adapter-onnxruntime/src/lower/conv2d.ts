import { defineLowering } from './op-lowering';
import { NCHW, OIHW } from './perm';
import { window2d } from './window-impl';

/** conv2d -> Conv (with `group`) on NCHW activations and [M,C/groups,kh,kw] weights (layouts converted lazily, once). */
export const conv2dLowering = defineLowering({
  op: 'conv2d',
  lower(ctx, node) {
    const [x, w] = node.inputs;
    const [, h, wd] = ctx.type(x!).shape;
    const [kh, kw] = ctx.type(w!).shape;
    const win = window2d(h!, wd!, kh!, kw!, node.attrs.strides, node.attrs.padding);
    const y = ctx.g.op1(
      'Conv',
      [ctx.get(x!, NCHW), ctx.get(w!, OIHW)],
      {
        kernel_shape: [kh!, kw!],
        strides: [...node.attrs.strides],
        pads: win.pads,
        group: node.attrs.groups ?? 1,
      },
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, y, NCHW);
  },
});
