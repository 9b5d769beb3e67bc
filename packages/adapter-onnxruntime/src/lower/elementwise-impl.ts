/**
 * Shared code of the same-shape elementwise lowerings (add, mul, reluGrad): the output takes
 * the first input's layout and the other inputs are converted to it.
 */
import type { LowerContext } from './context';

/** Emits `opType(inputs...)` in the first input's layout and binds `output` in that layout. */
export function lowerElementwise(
  ctx: LowerContext,
  opType: string,
  inputs: readonly string[],
  output: string,
): void {
  const { perm } = ctx.raw(inputs[0]!);
  const names = inputs.map((i) => ctx.get(i, perm));
  ctx.bind(output, ctx.g.op1(opType, names, {}, output), perm);
}
