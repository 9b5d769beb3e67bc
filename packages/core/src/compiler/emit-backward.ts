import type { InferredLayer } from '../spec/inferred-model';
import type { ForwardRecord } from './emit-forward';
import type { GraphBuilder } from './graph-builder';

/** What the backward emission needs to know. */
export interface BackwardContext {
  b: GraphBuilder;
  records: Map<string, ForwardRecord>;
  /** Whether a layer's parameters are trained (it has some and is not frozen). */
  trainable(layer: InferredLayer): boolean;
  /** Whether any trainable layer comes before this one in forward order (so its input needs a gradient). */
  needsInputGrad(layer: InferredLayer): boolean;
  /** Filled with the gradient value of every trainable parameter, by parameter name. */
  grads: Map<string, string>;
}

/**
 * Emits reverse-mode gradient nodes for `layers` (softmax excluded), given the gradient `dy` of
 * the list's output; returns the gradient of the list's input, or null once no earlier layer
 * needs one. Pruning: a frozen layer gets no parameter gradients, and no input gradient is
 * computed for a layer with no trainable layer before it, so nothing is computed below the lowest
 * trainable layer. Gradient values are named `<layer>/grad/<what>`.
 */
export function emitBackward(
  ctx: BackwardContext,
  layers: readonly InferredLayer[],
  dy: string,
): string | null {
  let g = dy;
  for (let i = layers.length - 1; i >= 0; i--) {
    const dx = emitLayerBackward(ctx, layers[i]!, g);
    if (dx === null) return null;
    g = dx;
  }
  return g;
}

function emitLayerBackward(ctx: BackwardContext, l: InferredLayer, dy: string): string | null {
  const { b } = ctx;
  const n = l.name;
  const rec = ctx.records.get(n)!;
  const needDx = ctx.needsInputGrad(l);
  const hasBias = l.params.some((p) => p.name === `${n}/bias`);
  switch (l.type) {
    case 'dense': {
      if (ctx.trainable(l)) {
        ctx.grads.set(`${n}/kernel`, b.add1('matmul', `${n}/grad/kernel`, [rec.input, dy], { transA: true }));
        if (hasBias) ctx.grads.set(`${n}/bias`, b.add1('reduceSum', `${n}/grad/bias`, [dy], { axes: [0] }));
      }
      return needDx ? b.add1('matmul', `${n}/grad/input`, [dy, `${n}/kernel`], { transB: true }) : null;
    }
    case 'conv2d': {
      const { strides, padding } = l.window!;
      if (ctx.trainable(l)) {
        const filterShape = l.params[0]!.shape as [number, number, number, number];
        ctx.grads.set(
          `${n}/kernel`,
          b.add1('conv2dGradFilter', `${n}/grad/kernel`, [rec.input, dy], { strides, padding, filterShape }),
        );
        if (hasBias)
          ctx.grads.set(`${n}/bias`, b.add1('reduceSum', `${n}/grad/bias`, [dy], { axes: [0, 1, 2] }));
      }
      if (!needDx) return null;
      const inputShape = l.inputShape as [number, number, number];
      return b.add1('conv2dGradInput', `${n}/grad/input`, [dy, `${n}/kernel`], {
        strides,
        padding,
        inputShape,
      });
    }
    case 'maxPool2d': {
      if (!needDx) return null;
      const w = l.window!;
      return b.add1('maxPoolGrad', `${n}/grad/input`, [dy, rec.input], {
        poolSize: w.size,
        strides: w.strides,
        padding: w.padding,
      });
    }
    case 'flatten':
      return needDx ? b.add1('reshape', `${n}/grad/input`, [dy], { shape: [-1, ...l.inputShape] }) : null;
    case 'relu':
      return needDx ? b.add1('reluGrad', `${n}/grad/input`, [dy, rec.output], {}) : null;
    case 'dropout':
      return needDx ? b.add1('mul', `${n}/grad/input`, [dy, rec.mask!], {}) : null;
    case 'residual': {
      // y = x + body(x): the gradient fans out to the skip path and the body, and is summed.
      const body = emitBackward(ctx, l.children!, dy);
      if (!needDx) return null;
      return b.add1('add', `${n}/grad/input`, [dy, body!], {});
    }
    case 'softmax':
      throw new Error('compiler bug: softmax layers are not emitted by emitBackward');
  }
}
