import { nanFirstMaxPool } from './nan-max-impl';
import { defineLowering } from './op-lowering';
import { planarLayout } from './perm';
import { window2d, windowKey } from './window-impl';

/** Memo key under which a MaxPool's Indices output is kept for maxPoolGrad. */
export function maxPoolIndicesKey(x: string, attrs: object): string {
  return `maxPoolIndices|${x}|${windowKey(attrs)}`;
}

/**
 * maxPool -> MaxPool on NCHW, or on CNHW when x already is (MaxPool works per plane; "same" pads
 * never win the max). onnxruntime's MaxPool skips NaN, so when x holds a non-finite value it runs
 * on x with NaN ordered largest and the pooled value is gathered from x at the Indices: the first
 * NaN of a window, else its first maximum (`nanFirstMaxPool`). The Indices and layout are kept for
 * a maxPoolGrad of the same x and window.
 */
export const maxPoolLowering = defineLowering({
  op: 'maxPool',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const [, h, w] = ctx.type(x).shape;
    const [ph, pw] = node.attrs.poolSize;
    const win = window2d(h!, w!, ph, pw, node.attrs.strides, node.attrs.padding);
    const key = maxPoolIndicesKey(x, node.attrs);
    const g = ctx.g;
    const attrs = { kernel_shape: [ph, pw], strides: [...node.attrs.strides], pads: win.pads };
    const layout = planarLayout(ctx.raw(x).perm);
    const xN = ctx.get(x, layout);
    if (ctx.portable) {
      ctx.bind(node.outputs[0]!, g.op1('MaxPool', [xN], attrs, node.outputs[0]), layout);
      return;
    }
    const { y, indices } = nanFirstMaxPool(g, xN, attrs, node.name);
    ctx.memo.set(key, { indices, layout, y });
    ctx.bind(node.outputs[0]!, y, layout);
  },
});
