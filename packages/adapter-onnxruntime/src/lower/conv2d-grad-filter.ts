import { CNHW } from './perm';
import { defineLowering } from './op-lowering';
import { window2d } from './window-impl';

/** Physical [C, M, kh, kw] from canonical [kh, kw, C, M]. */
const CMHW = [2, 3, 0, 1] as const;

/**
 * conv2dGradFilter -> Conv of x as [C,N,H,W] with dy as [M,N,OH,OW] (same pads, dilation = the
 * forward strides), giving dw as [C,M,kh,kw]; sliced to kh x kw when strides leave extra rows.
 */
export const conv2dGradFilterLowering = defineLowering({
  op: 'conv2dGradFilter',
  lower(ctx, node) {
    const [x, dy] = node.inputs;
    const [, h, wd] = ctx.type(x!).shape;
    const [kh, kw] = node.attrs.filterShape;
    const [sh, sw] = node.attrs.strides;
    const win = window2d(h!, wd!, kh, kw, node.attrs.strides, node.attrs.padding);
    let dw = ctx.g.op1(
      'Conv',
      [ctx.get(x!, CNHW), ctx.get(dy!, CNHW)],
      { pads: win.pads, dilations: [sh, sw], strides: [1, 1] },
      node.outputs[0],
    );
    const gotH = h! + win.pads[0] + win.pads[2] - (win.out[0] - 1) * sh;
    const gotW = wd! + win.pads[1] + win.pads[3] - (win.out[1] - 1) * sw;
    if (gotH !== kh || gotW !== kw) {
      const g = ctx.g;
      dw = g.op1('Slice', [dw, g.i64([0, 0]), g.i64([kh, kw]), g.i64([2, 3])], {}, `${node.outputs[0]}.crop`);
    }
    ctx.bind(node.outputs[0]!, dw, CMHW);
  },
});
