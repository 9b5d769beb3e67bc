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
      const { strides, padding, groups } = l.window!;
      const g = groups ? { groups } : {};
      if (ctx.trainable(l)) {
        const filterShape = l.params[0]!.shape as [number, number, number, number];
        ctx.grads.set(
          `${n}/kernel`,
          b.add1('conv2dGradFilter', `${n}/grad/kernel`, [rec.input, dy], {
            strides,
            padding,
            filterShape,
            ...g,
          }),
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
        ...g,
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
    case 'avgPool2d': {
      if (!needDx) return null;
      const w = l.window!;
      const inputShape = l.inputShape as [number, number, number];
      return b.add1('avgPoolGrad', `${n}/grad/input`, [dy], {
        poolSize: w.size,
        strides: w.strides,
        padding: w.padding,
        inputShape,
      });
    }
    case 'globalAvgPool2d': {
      if (!needDx) return null;
      const [h, w, c] = l.inputShape as [number, number, number];
      const d4 = b.add1('reshape', `${n}/grad/reshape`, [dy], { shape: [-1, 1, 1, c] });
      return b.add1('avgPoolGrad', `${n}/grad/input`, [d4], {
        poolSize: [h, w],
        strides: [1, 1],
        padding: 'valid',
        inputShape: [h, w, c],
      });
    }
    case 'batchNorm': {
      const [scale, bias, rv] = [`${n}/scale`, `${n}/bias`, `${n}/running_var`];
      if (!ctx.trainable(l) || !rec.mean) {
        // Frozen: the layer ran on its running statistics, a fixed per-channel affine map.
        if (!needDx) return null;
        const epsilon = (l.layer as { epsilon?: number }).epsilon ?? 1e-5;
        return b.add1('batchNormInferenceGrad', `${n}/grad/input`, [dy, scale, rv], { epsilon });
      }
      const [dx, dscale, dbias] = b.add(
        'batchNormGrad',
        `${n}/grad`,
        [dy, rec.input, scale, rec.mean, rec.invStd!],
        {},
        [`${n}/grad/input`, `${n}/grad/scale`, `${n}/grad/bias`],
      );
      ctx.grads.set(scale, dscale!);
      ctx.grads.set(bias, dbias!);
      return needDx ? dx! : null;
    }
    case 'clip': {
      if (!needDx) return null;
      const { min, max } = l.layer as { min: number; max: number };
      return b.add1('clipGrad', `${n}/grad/input`, [dy, rec.input], { min, max });
    }
    case 'flatten':
      return needDx ? b.add1('reshape', `${n}/grad/input`, [dy], { shape: [-1, ...l.inputShape] }) : null;
    case 'relu':
      return needDx ? b.add1('reluGrad', `${n}/grad/input`, [dy, rec.output], {}) : null;
    case 'dropout':
      return needDx ? b.add1('mul', `${n}/grad/input`, [dy, rec.mask!], {}) : null;
    case 'residual': {
      // y = shortcut(x) + body(x): the gradient fans out to both paths, and is summed.
      const body = emitBackward(ctx, l.children!, dy);
      const skip = l.shortcut ? emitBackward(ctx, l.shortcut, dy) : dy;
      if (!needDx) return null;
      return b.add1('add', `${n}/grad/input`, [skip!, body!], {});
    }
    case 'softmax':
      throw new Error('compiler bug: softmax layers are not emitted by emitBackward');
  }
}
