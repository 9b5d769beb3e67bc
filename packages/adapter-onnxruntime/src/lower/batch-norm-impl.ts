/**
 * Shared code of the batch-norm lowerings: they work in whatever layout x already has (NCHW
 * after a Conv), reducing over every physical axis but the channel one, with per-channel
 * vectors reshaped to broadcast along it.
 */
import type { LowerContext } from './context';
import { invert } from './perm';

/** x's layout, the physical reduction axes and the broadcast shape of a channel vector. */
export interface ChannelLayout {
  perm: readonly number[];
  reduceAxes: number[];
  /** e.g. [1, -1, 1, 1] for NCHW, [1, -1] for [N, C]. */
  bshape: number[];
}

/** The channel layout of IR value `x` as it is stored. */
export function channelLayout(ctx: LowerContext, x: string): ChannelLayout {
  const { perm } = ctx.raw(x);
  const channelPos = invert(perm)[perm.length - 1]!;
  return {
    perm,
    reduceAxes: perm.flatMap((_, j) => (j === channelPos ? [] : [j])),
    bshape: perm.map((_, j) => (j === channelPos ? -1 : 1)),
  };
}

/** A per-channel vector IR value reshaped to broadcast along x's channel axis. */
export function channelVector(ctx: LowerContext, layout: ChannelLayout, v: string, hint: string): string {
  return ctx.g.op1('Reshape', [ctx.get(v), ctx.g.i64(layout.bshape)], {}, hint);
}

/** Flattens a keepdims reduction back to a [C] vector. */
export function toVector(ctx: LowerContext, t: string, hint: string): string {
  return ctx.g.op1('Reshape', [t, ctx.g.i64([-1])], {}, hint);
}

/** scale / sqrt(var + epsilon), a [C] vector. */
export function scaleOverStd(
  ctx: LowerContext,
  scale: string,
  variance: string,
  epsilon: number,
  hint: string,
): string {
  const g = ctx.g;
  const std = g.op1('Sqrt', [g.op1('Add', [ctx.get(variance), g.f32(epsilon)])], {}, `${hint}.std`);
  return g.op1('Div', [ctx.get(scale), std], {}, hint);
}

/** Elements per channel of x (a float scalar, from x's runtime shape: the batch is dynamic). */
export function countPerChannel(ctx: LowerContext, x: string, channels: number, hint: string): string {
  const g = ctx.g;
  const size = g.op1('Cast', [g.op1('Size', [x])], { to: 1 }, `${hint}.size`);
  return g.op1('Div', [size, g.f32(channels)], {}, hint);
}
