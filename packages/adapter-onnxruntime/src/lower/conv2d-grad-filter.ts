import type { LowerContext } from './context';
import { lowerShifts, shiftsPay } from './grad-filter-shifts';
import { defineLowering } from './op-lowering';
import type { NodeOf } from './op-lowering';
import { MAX_PATCH_TAPS, patchColumns, patchFilterGradient } from './patches-impl';
import { CNHW } from './perm';
import { window2d } from './window-impl';
import type { Window2d } from './window-impl';

/** Physical [C, M, kh, kw] from canonical [kh, kw, C, M]. */
const CMHW = [2, 3, 0, 1] as const;

/**
 * (BENCH_ORT_GRAD_FILTER=patches-nhwc, the lowering before issue 16; 6% more CPU per E4 step
 * than the CNHW patches below) dw as one GEMM over explicit patches: pad x (NHWC), take the kh*kw strided slices, concatenate
 * them on the channel axis ([N, OH, OW, kh*kw*C]) and multiply with dy ([N*OH*OW, M]) transposed,
 * which gives canonical [kh*kw*C, M] = [kh, kw, C, M] directly. One well-shaped GEMM instead of
 * a Conv with batch as channels (measured faster on the E4 CNN).
 */
function lowerPatches(ctx: LowerContext, node: NodeOf<'conv2dGradFilter'>): void {
  const [x, dy] = node.inputs;
  const g = ctx.g;
  const [, h, wd, c] = ctx.type(x!).shape;
  const [kh, kw, , m] = node.attrs.filterShape;
  const [sh, sw] = node.attrs.strides;
  const win = window2d(h!, wd!, kh, kw, node.attrs.strides, node.attrs.padding);
  let xp = ctx.get(x!);
  if (win.pads.some((p) => p > 0)) {
    const [pt, pl, pb, pr] = win.pads;
    xp = g.op1('Pad', [xp, g.i64([0, pt, pl, 0, 0, pb, pr, 0])], {}, `${node.name}.pad`);
  }
  const [oh, ow] = win.out;
  const axes = g.i64([1, 2]);
  const steps = g.i64([sh, sw]);
  const taps: string[] = [];
  for (let i = 0; i < kh; i++) {
    for (let j = 0; j < kw; j++) {
      const starts = g.i64([i, j]);
      const ends = g.i64([i + (oh - 1) * sh + 1, j + (ow - 1) * sw + 1]);
      taps.push(g.op1('Slice', [xp, starts, ends, axes, steps], {}, `${node.name}.tap`));
    }
  }
  const patches = taps.length === 1 ? taps[0]! : g.op1('Concat', taps, { axis: 3 }, `${node.name}.patches`);
  const groups = node.attrs.groups ?? 1;
  if (groups > 1) {
    // Block-diagonal: dw[t, ci, g, j] = sum_p patches[p, t, g, ci] * dy[p, g, j], then [kh, kw, C/groups, M].
    const cg = c! / groups;
    const pt = g.op1('Reshape', [patches, g.i64([-1, kh * kw, groups, cg])], {}, `${node.name}.gcols`);
    const dyg = g.op1('Reshape', [ctx.get(dy!), g.i64([-1, groups, m / groups])], {}, `${node.name}.gdy`);
    const dwg = g.op1('Einsum', [pt, dyg], { equation: 'ptgc,pgj->tcgj' }, `${node.name}.einsum`);
    ctx.bind(node.outputs[0]!, g.op1('Reshape', [dwg, g.i64([kh, kw, cg, m])], {}, node.outputs[0]));
    return;
  }
  const cols = g.op1('Reshape', [patches, g.i64([-1, kh * kw * c!])], {}, `${node.name}.cols`);
  const dyRows = g.op1('Reshape', [ctx.get(dy!), g.i64([-1, m])], {}, `${node.name}.dyrows`);
  const dw = g.op1('Gemm', [cols, dyRows], { transA: 1 }, `${node.name}.gemm`);
  ctx.bind(node.outputs[0]!, g.op1('Reshape', [dw, g.i64([kh, kw, c!, m])], {}, node.outputs[0]));
}

/**
 * The same GEMM over patches in [C, N, H, W] ([kh*kw*C, N*OH*OW], concatenated on axis 0: block
 * copies, where NHWC interleaves runs of C floats, 3 for an RGB input; shared with the forward
 * conv2d when it is lowered as a GEMM): dw = cols x dy([M, N*OH*OW])^T = [kh*kw*C, M], canonical.
 */
function lowerPatchesCnhw(ctx: LowerContext, node: NodeOf<'conv2dGradFilter'>, win: Window2d): void {
  const [x, dy] = node.inputs;
  const [kh, kw, c, m] = node.attrs.filterShape;
  const cols = patchColumns(ctx, x!, [kh, kw], node.attrs.strides, win.pads, win.out);
  const dw = patchFilterGradient(ctx.g, cols, ctx.get(dy!, CNHW), [kh, kw, c, m], node.name);
  ctx.bind(node.outputs[0]!, dw);
}

/**
 * dw as a Conv of x as [C,N,H,W] with dy as [M,N,OH,OW] (same pads, dilation = the forward
 * strides), giving [C,M,kh,kw]; sliced to kh x kw when strides leave extra rows.
 */
function lowerConv(ctx: LowerContext, node: NodeOf<'conv2dGradFilter'>): void {
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
    dw = g.op1('Slice', [dw, g.i64([0, 0]), g.i64([kh, kw]), g.i64([2, 3])], {}, `${node.name}.crop`);
  }
  ctx.bind(node.outputs[0]!, dw, CMHW);
}

/**
 * conv2dGradFilter: for small kernels split shifts (grad-filter-shifts.ts) where they pay, else
 * explicit CNHW patches + GEMM; a Conv formulation for larger kernels; grouped convolutions always
 * take the NHWC patches + Einsum (block-diagonal) path. `BENCH_ORT_GRAD_FILTER` forces one:
 * `shifts` (stride 1 only), `patches`, `patches-nhwc` or `conv`.
 */
export const conv2dGradFilterLowering = defineLowering({
  op: 'conv2dGradFilter',
  lower(ctx, node) {
    const [kh, kw, c, m] = node.attrs.filterShape;
    const forced = process.env.BENCH_ORT_GRAD_FILTER;
    const grouped = (node.attrs.groups ?? 1) > 1;
    if (grouped || forced === 'patches-nhwc') return lowerPatches(ctx, node);
    if (forced === 'conv' || (forced !== 'patches' && forced !== 'shifts' && kh * kw > MAX_PATCH_TAPS))
      return lowerConv(ctx, node);
    const [, h, wd] = ctx.type(node.inputs[0]!).shape;
    const win = window2d(h!, wd!, kh, kw, node.attrs.strides, node.attrs.padding);
    const stride1 = node.attrs.strides.every((s) => s === 1);
    const shifts = forced === 'shifts' || (forced !== 'patches' && shiftsPay(c, m, kh, kw, win.out[1]));
    if (stride1 && shifts) lowerShifts(ctx, node, win);
    else lowerPatchesCnhw(ctx, node, win);
  },
});
