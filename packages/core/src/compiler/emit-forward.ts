import type { InferredLayer } from '../spec/inferred-model';
import type { GraphBuilder } from './graph-builder';

/** The values a layer's forward pass left for its backward pass. */
export interface ForwardRecord {
  input: string;
  output: string;
  /** Dropout mask (train mode only). */
  mask?: string;
  /** Batch mean and invStd of a batch-norm layer in train mode (absent when it ran on running statistics). */
  mean?: string;
  invStd?: string;
}

/** Settings of one forward emission. */
export interface ForwardContext {
  b: GraphBuilder;
  /** 'train' emits dropout; 'eval' makes dropout the identity. */
  mode: 'train' | 'eval';
  /** Mask seed of a dropout layer. */
  seedOf(layer: InferredLayer): number;
  /** Filled with every layer's input/output values, by layer name. */
  records: Map<string, ForwardRecord>;
  /** Train mode: whether a layer is frozen (a frozen batch-norm layer runs on its running statistics). */
  frozen?(layer: InferredLayer): boolean;
  /** Train mode: filled with the new running statistics of every unfrozen batch-norm layer. */
  statUpdates?: { value: string; target: string }[];
}

/**
 * Emits the forward nodes of `layers` (softmax excluded) starting from value `x`; returns the
 * output value. The last layer's final value is named `finalName` when given (the compiler uses
 * `logits`, so every graph has the same logits name). Node names are `<layer>/<op>`; a
 * single-output node's value has the node's name.
 */
export function emitForward(
  ctx: ForwardContext,
  layers: readonly InferredLayer[],
  x: string,
  finalName?: string,
): string {
  let cur = x;
  layers.forEach((l, i) => {
    const out = i === layers.length - 1 ? finalName : undefined;
    const input = cur;
    cur = emitLayer(ctx, l, cur, out);
    if (!ctx.records.has(l.name)) ctx.records.set(l.name, { input, output: cur });
  });
  return cur;
}

function emitLayer(ctx: ForwardContext, l: InferredLayer, x: string, out: string | undefined): string {
  const { b } = ctx;
  const n = l.name;
  const bias = l.params.find((p) => p.name === `${n}/bias`);
  switch (l.type) {
    case 'dense': {
      const y = b.add1('matmul', `${n}/matmul`, [x, `${n}/kernel`], {}, bias ? undefined : out);
      return bias ? b.add1('biasAdd', `${n}/biasAdd`, [y, bias.name], {}, out) : y;
    }
    case 'conv2d': {
      const w = l.window!;
      const y = b.add1(
        'conv2d',
        `${n}/conv2d`,
        [x, `${n}/kernel`],
        { strides: w.strides, padding: w.padding, ...(w.groups ? { groups: w.groups } : {}) },
        bias ? undefined : out,
      );
      return bias ? b.add1('biasAdd', `${n}/biasAdd`, [y, bias.name], {}, out) : y;
    }
    case 'maxPool2d': {
      const w = l.window!;
      return b.add1(
        'maxPool',
        `${n}/maxPool`,
        [x],
        { poolSize: w.size, strides: w.strides, padding: w.padding },
        out,
      );
    }
    case 'avgPool2d': {
      const w = l.window!;
      return b.add1(
        'avgPool',
        `${n}/avgPool`,
        [x],
        { poolSize: w.size, strides: w.strides, padding: w.padding },
        out,
      );
    }
    case 'globalAvgPool2d': {
      const [h, w, c] = l.inputShape as [number, number, number];
      const pooled = b.add1('avgPool', `${n}/avgPool`, [x], {
        poolSize: [h, w],
        strides: [1, 1],
        padding: 'valid',
      });
      return b.add1('reshape', `${n}/reshape`, [pooled], { shape: [-1, c] }, out);
    }
    case 'batchNorm': {
      const bn = l.layer as { epsilon?: number; momentum?: number };
      const epsilon = bn.epsilon ?? 1e-5;
      const [scale, bias, rm, rv] = [`${n}/scale`, `${n}/bias`, `${n}/running_mean`, `${n}/running_var`];
      if (ctx.mode === 'eval' || ctx.frozen?.(l)) {
        return b.add1(
          'batchNormInference',
          `${n}/batchNormInference`,
          [x, scale, bias, rm, rv],
          { epsilon },
          out,
        );
      }
      const [y, mean, invStd, rmNew, rvNew] = b.add(
        'batchNorm',
        `${n}/batchNorm`,
        [x, scale, bias, rm, rv],
        { epsilon, momentum: bn.momentum ?? 0.1 },
        [out ?? `${n}/batchNorm`, `${n}/mean`, `${n}/invStd`, `${rm}/new`, `${rv}/new`],
      );
      ctx.statUpdates?.push({ value: rmNew!, target: rm }, { value: rvNew!, target: rv });
      ctx.records.set(n, { input: x, output: y!, mean: mean!, invStd: invStd! });
      return y!;
    }
    case 'clip': {
      const { min, max } = l.layer as { min: number; max: number };
      return b.add1('clip', `${n}/clip`, [x], { min, max }, out);
    }
    case 'flatten':
      return b.add1('reshape', `${n}/reshape`, [x], { shape: [-1, l.outputShape[0]!] }, out);
    case 'relu':
      return b.add1('relu', `${n}/relu`, [x], {}, out);
    case 'dropout': {
      if (ctx.mode === 'eval') {
        // Identity in eval mode; a named final value still needs a node to define it.
        return out ? b.add1('reshape', `${n}/identity`, [x], { shape: [-1, ...l.outputShape] }, out) : x;
      }
      const rate = (l.layer as { rate: number }).rate;
      const [y, mask] = b.add('dropout', `${n}/dropout`, [x, 'step'], { rate, seed: ctx.seedOf(l) }, [
        out ?? `${n}/dropout`,
        `${n}/mask`,
      ]);
      ctx.records.set(n, { input: x, output: y!, mask: mask! });
      return y!;
    }
    case 'residual': {
      const body = emitForward(ctx, l.children!, x);
      const skip = l.shortcut ? emitForward(ctx, l.shortcut, x) : x;
      return b.add1('add', `${n}/add`, [skip, body], {}, out);
    }
    case 'softmax':
      throw new Error('compiler bug: softmax layers are not emitted by emitForward');
  }
}
