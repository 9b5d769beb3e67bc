/**
 * Explicit im2col patches in the [C, N, H, W] layout, for convolutions lowered to one GEMM over the
 * whole batch: the kh*kw strided slices of the padded value are concatenated on axis 0 (whole
 * blocks) and viewed as [kh*kw*C, N*OH*OW], rows ordered (tap, channel) like the canonical
 * [kh, kw, C, M] kernel viewed as [kh*kw*C, M]. Memoised per value and window, so a forward conv
 * and the filter gradient of the same input share one set of patches.
 */
import type { GraphBuilder } from '../onnx/graph-builder';
import type { LowerContext } from './context';
import { CNHW } from './perm';

/** Largest kh*kw lowered with explicit patches; bigger kernels use Conv formulations. */
export const MAX_PATCH_TAPS = 25;

/** Patches of canonical-NHWC value `x` (read as CNHW) for a kh x kw window; see the file comment. */
export function patchColumns(
  ctx: LowerContext,
  x: string,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  pads: readonly [number, number, number, number],
  out: readonly [number, number],
): string {
  const key = `patches|${x}|${kernel.join('x')}|${strides.join(',')}|${pads.join(',')}`;
  const memo = ctx.memo.get(key) as string | undefined;
  if (memo) return memo;
  const cols = cnhwPatchColumns(
    ctx.g,
    ctx.get(x, CNHW),
    ctx.type(x).shape[3]!,
    kernel,
    strides,
    pads,
    out,
    x,
  );
  ctx.memo.set(key, cols);
  return cols;
}

/**
 * The patches of `xp`, a value already in [C, N, H, W] with `c` channels (see the file comment),
 * built in `g`: the caller's graph or a subgraph. `hint` names the nodes.
 */
export function cnhwPatchColumns(
  g: GraphBuilder,
  xp: string,
  c: number,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  pads: readonly [number, number, number, number],
  out: readonly [number, number],
  hint: string,
): string {
  const [kh, kw] = kernel;
  const [sh, sw] = strides;
  if (pads.some((p) => p > 0)) {
    const [pt, pl, pb, pr] = pads;
    xp = g.op1('Pad', [xp, g.i64([0, 0, pt, pl, 0, 0, pb, pr])], {}, `${hint}.pad`);
  }
  const [oh, ow] = out;
  const axes = g.i64([2, 3]);
  const steps = g.i64([sh, sw]);
  const taps: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const starts = g.i64([i, j]);
      const ends = g.i64([i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1]);
      taps.push(g.op1('Slice', [xp, starts, ends, axes, steps], {}, `${hint}.tap`));
    }
  }
  const patches = taps.length === 1 ? taps[0]! : g.op1('Concat', taps, { axis: 0 }, `${hint}.patches`);
  return g.op1('Reshape', [patches, g.i64([kh * kw * c, -1])], {}, `${hint}.cols`);
}

/**
 * dw [kh, kw, C, M] = cols x dy([M, N*OH*OW])^T from the patches of x and dy in [C, N, H, W] (M
 * channels), built in `g`.
 */
export function patchFilterGradient(
  g: GraphBuilder,
  cols: string,
  dyc: string,
  [kh, kw, c, m]: readonly [number, number, number, number],
  hint: string,
): string {
  const dyRows = g.op1('Reshape', [dyc, g.i64([m, -1])], {}, `${hint}.dyrows`);
  const dw = g.op1('Gemm', [cols, dyRows], { transB: 1 }, `${hint}.gemm`);
  return g.op1('Reshape', [dw, g.i64([kh, kw, c, m])], {}, `${hint}.dw`);
}

/**
 * Whether conv2d / conv2dGradInput / conv2dGradFilter lower to patches + one GEMM with
 * activations in [C, N, H, W] (`BENCH_ORT_CONV=gemm`, the default for kernels up to
 * MAX_PATCH_TAPS taps) or to onnxruntime's Conv on NCHW (`BENCH_ORT_CONV=conv`).
 */
export function convAsGemm(kh: number, kw: number): boolean {
  const forced = process.env.BENCH_ORT_CONV;
  return forced === 'gemm' && kh * kw <= MAX_PATCH_TAPS;
}
