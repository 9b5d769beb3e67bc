import { defineLowering } from './op-lowering';
import { planarLayout } from './perm';
import { window2d, windowKey } from './window-impl';

/** Memo key under which a MaxPool's Indices output is kept for maxPoolGrad. */
export function maxPoolIndicesKey(x: string, attrs: object): string {
  return `maxPoolIndices|${x}|${windowKey(attrs)}`;
}

/**
 * maxPool -> MaxPool on NCHW, or on CNHW when x already is (MaxPool works per plane; "same" pads
 * never win the max). When a maxPoolGrad of the same x
 * and window follows, the Indices output is produced here and reused there.
 */
export const maxPoolLowering = defineLowering({
  op: 'maxPool',
  lower(ctx, node) {
    const x = node.inputs[0]!;
    const [, h, w] = ctx.type(x).shape;
    const [ph, pw] = node.attrs.poolSize;
    const win = window2d(h!, w!, ph, pw, node.attrs.strides, node.attrs.padding);
    const key = maxPoolIndicesKey(x, node.attrs);
    const wantIndices = ctx.nodes.some(
      (n) => n.op === 'maxPoolGrad' && n.inputs[1] === x && windowKey(n.attrs) === windowKey(node.attrs),
    );
    const attrs = { kernel_shape: [ph, pw], strides: [...node.attrs.strides], pads: win.pads };
    const layout = planarLayout(ctx.raw(x).perm);
    const outs = ctx.g.op('MaxPool', [ctx.get(x, layout)], attrs, wantIndices ? 2 : 1, node.outputs[0]);
    if (wantIndices) ctx.memo.set(key, { indices: outs[1], layout });
    ctx.bind(node.outputs[0]!, outs[0]!, layout);
  },
});
