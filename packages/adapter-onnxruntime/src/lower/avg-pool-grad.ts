import { DataType } from '../onnx/proto';
import { defineLowering } from './op-lowering';
import { NCHW } from './perm';
import { window2d } from './window-impl';

/**
 * avgPoolGrad: dy divided by each window's count of real positions (a constant [OH, OW] map, the
 * shapes being static), then spread over the window by a depthwise ConvTranspose with a kernel
 * of ones (group = C); output_padding restores rows the strides skipped.
 */
export const avgPoolGradLowering = defineLowering({
  op: 'avgPoolGrad',
  lower(ctx, node) {
    const g = ctx.g;
    const [h, w, c] = node.attrs.inputShape;
    const [ph, pw] = node.attrs.poolSize;
    const [sh, sw] = node.attrs.strides;
    const win = window2d(h, w, ph, pw, node.attrs.strides, node.attrs.padding);
    const [oh, ow] = win.out;
    const [pt, pl] = win.pads;
    const inverse: number[] = [];
    for (let oy = 0; oy < oh; oy++) {
      const rows = Math.min(h, oy * sh - pt + ph) - Math.max(0, oy * sh - pt);
      for (let ox = 0; ox < ow; ox++) {
        const cols = Math.min(w, ox * sw - pl + pw) - Math.max(0, ox * sw - pl);
        inverse.push(1 / (rows * cols));
      }
    }
    const scale = g.constant(DataType.FLOAT, inverse, [oh, ow], `${node.name}.invcount`);
    const scaled = g.op1('Mul', [ctx.get(node.inputs[0]!, NCHW), scale], {}, `${node.name}.scaled`);
    const ones = g.constant(
      DataType.FLOAT,
      new Array<number>(c * ph * pw).fill(1),
      [c, 1, ph, pw],
      `${node.name}.ones`,
    );
    const outPad = [
      h - ((oh - 1) * sh + ph - win.pads[0] - win.pads[2]),
      w - ((ow - 1) * sw + pw - win.pads[1] - win.pads[3]),
    ];
    const attrs: Record<string, number | number[]> = {
      kernel_shape: [ph, pw],
      strides: [sh, sw],
      pads: win.pads,
      group: c,
    };
    if (outPad[0]! < 0 || outPad[1]! < 0) {
      ctx.unsupported(
        node,
        `a window that skips input rows/columns at the end (output_padding ${outPad.join('x')})`,
      );
    }
    if (outPad[0]! > 0 || outPad[1]! > 0) attrs.output_padding = outPad;
    ctx.bind(node.outputs[0]!, g.op1('ConvTranspose', [scaled, ones], attrs, node.outputs[0]), NCHW);
  },
});
