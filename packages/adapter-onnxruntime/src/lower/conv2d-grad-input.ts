import { defineLowering } from './op-lowering';
import { NCHW, OIHW } from './perm';
import { window2d } from './window-impl';

/**
 * conv2dGradInput -> ConvTranspose of dy with the forward weights unchanged; output_padding
 * restores the rows/columns a strided "valid" convolution skipped.
 */
export const conv2dGradInputLowering = defineLowering({
  op: 'conv2dGradInput',
  lower(ctx, node) {
    const [dy, w] = node.inputs;
    const [h, wd] = node.attrs.inputShape;
    const [kh, kw] = ctx.type(w!).shape;
    const [sh, sw] = node.attrs.strides;
    const win = window2d(h, wd, kh!, kw!, node.attrs.strides, node.attrs.padding);
    const outPad = [
      h - ((win.out[0] - 1) * sh + kh! - win.pads[0] - win.pads[2]),
      wd - ((win.out[1] - 1) * sw + kw! - win.pads[1] - win.pads[3]),
    ];
    if (outPad[0]! < 0 || outPad[1]! < 0 || outPad[0]! >= sh || outPad[1]! >= sw) {
      ctx.unsupported(
        node,
        `output_padding ${outPad.join('x')} for strides ${sh}x${sw} is outside [0, stride)`,
      );
    }
    const attrs: Record<string, number[]> = { kernel_shape: [kh!, kw!], strides: [sh, sw], pads: win.pads };
    if (outPad[0]! > 0 || outPad[1]! > 0) attrs.output_padding = outPad;
    const dx = ctx.g.op1('ConvTranspose', [ctx.get(dy!, NCHW), ctx.get(w!, OIHW)], attrs, node.outputs[0]);
    ctx.bind(node.outputs[0]!, dx, NCHW);
  },
});
