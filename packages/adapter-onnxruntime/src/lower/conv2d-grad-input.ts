import type { LowerContext } from './context';
import { blockedFilter, nchwcConv, nchwcEnabled, nchwcInput, nchwcShapes, plainInput } from './nchwc-impl';
import { defineLowering } from './op-lowering';
import type { NodeOf } from './op-lowering';
import { convAsGemm, patchColumns } from './patches-impl';
import { CNHW, NCHW, OIHW } from './perm';
import { window2d } from './window-impl';

/** Physical [C, M, kh, kw] from canonical [kh, kw, C, M]. */
const CMHW = [2, 3, 0, 1] as const;

/**
 * Stride 1: dx = Conv of dy with the kernel transposed to [C, M, kh, kw] and flipped spatially,
 * pads (kh - 1 - padBefore) before. A plain Conv gets onnxruntime's optimised (NCHWc) kernels.
 */
function lowerFlippedConv(ctx: LowerContext, node: NodeOf<'conv2dGradInput'>): void {
  const [dy, w] = node.inputs;
  const g = ctx.g;
  const [h, wd] = node.attrs.inputShape;
  const [kh, kw] = ctx.type(w!).shape;
  const win = window2d(h, wd, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const far = -(2 ** 53);
  const flipped = g.op1(
    'Slice',
    [ctx.get(w!, CMHW), g.i64([-1, -1]), g.i64([far, far]), g.i64([2, 3]), g.i64([-1, -1])],
    {},
    `${w}.flip`,
  );
  const top = kh! - 1 - win.pads[0];
  const left = kw! - 1 - win.pads[1];
  const pads = [top, left, h - win.out[0] - top + kh! - 1, wd - win.out[1] - left + kw! - 1];
  const dx = g.op1(
    'Conv',
    [ctx.get(dy!, NCHW), flipped],
    { kernel_shape: [kh!, kw!], pads },
    node.outputs[0],
  );
  ctx.bind(node.outputs[0]!, dx, NCHW);
}

/** The flipped-kernel Conv's pads [top, left, bottom, right] for stride 1. */
function flippedPads(node: NodeOf<'conv2dGradInput'>, kh: number, kw: number): number[] {
  const [h, wd] = node.attrs.inputShape;
  const win = window2d(h, wd, kh, kw, node.attrs.strides, node.attrs.padding);
  const top = kh - 1 - win.pads[0];
  const left = kw - 1 - win.pads[1];
  return [top, left, h - win.out[0] - top + kh - 1, wd - win.out[1] - left + kw - 1];
}

/**
 * Stride 1 as the flipped-kernel convolution on onnxruntime's NCHWc kernels (nchwc-impl.ts): dy
 * reordered to NCHWc, the flipped [C, kh, kw, M] kernel reordered in the graph, dx back to NCHW.
 */
function lowerNchwc(ctx: LowerContext, node: NodeOf<'conv2dGradInput'>): void {
  const [dy, w] = node.inputs;
  const g = ctx.g;
  const c = node.attrs.inputShape[2];
  const [kh, kw, , m] = ctx.type(w!).shape;
  const far = -(2 ** 53);
  // [C, kh, kw, M]: the kernel as OHWI with C and M swapped, flipped spatially.
  const flipped = g.op1(
    'Slice',
    [ctx.get(w!, [2, 0, 1, 3]), g.i64([-1, -1]), g.i64([far, far]), g.i64([1, 2]), g.i64([-1, -1])],
    {},
    `${w}.flip`,
  );
  const filter = blockedFilter(ctx, flipped, [c, m!, kh!, kw!], `${w}.flip`);
  const attrs = { kernel: [kh!, kw!], strides: [1, 1], pads: flippedPads(node, kh!, kw!), relu: false };
  const dx = nchwcConv(ctx, [nchwcInput(ctx, dy!), filter], attrs, c, node.outputs[0]!);
  ctx.bind(node.outputs[0]!, dx, NCHW);
}

/**
 * Stride 1 as patches + one GEMM in [M, N, OH, OW]: the patches of dy for the flipped window
 * ([kh*kw*M, N*H*W]) times the kernel flipped spatially with C and M swapped ([kh*kw*M, C]),
 * transposed: dx = [C, N*H*W] = CNHW, the layout the GEMM-lowered conv stack keeps.
 */
function lowerGemm(ctx: LowerContext, node: NodeOf<'conv2dGradInput'>): void {
  const [dy, w] = node.inputs;
  const g = ctx.g;
  const [h, wd, c] = node.attrs.inputShape;
  const [kh, kw, , m] = ctx.type(w!).shape;
  const n = ctx.type(dy!).shape[0]!;
  const win = window2d(h, wd, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const top = kh! - 1 - win.pads[0];
  const left = kw! - 1 - win.pads[1];
  const pads = [top, left, h - win.out[0] - top + kh! - 1, wd - win.out[1] - left + kw! - 1] as const;
  const cols = patchColumns(ctx, dy!, [kh!, kw!], [1, 1], pads, [h, wd]);
  const far = -(2 ** 53);
  const flipped = g.op1(
    'Slice',
    [ctx.get(w!, [0, 1, 3, 2]), g.i64([-1, -1]), g.i64([far, far]), g.i64([0, 1]), g.i64([-1, -1])],
    {},
    `${w}.flipT`,
  );
  const kernel = g.op1('Reshape', [flipped, g.i64([kh! * kw! * m!, c])], {}, `${w}.flipmat`);
  const rows = g.op1('Gemm', [kernel, cols], { transA: 1 }, `${node.name}.gemm`);
  const dx = g.op1('Reshape', [rows, g.i64([c, n, h, wd])], {}, node.outputs[0]);
  ctx.bind(node.outputs[0]!, dx, CNHW);
}

/**
 * Any stride and any groups: ConvTranspose of dy with the forward weights ([M, C/groups, kh, kw]
 * is ConvTranspose's grouped weight layout as it is); output_padding restores skipped rows.
 */
function lowerConvTranspose(ctx: LowerContext, node: NodeOf<'conv2dGradInput'>): void {
  const [dy, w] = node.inputs;
  const [h, wd] = node.attrs.inputShape;
  const [kh, kw] = ctx.type(w!).shape;
  const [sh, sw] = node.attrs.strides;
  const win = window2d(h, wd, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const outPad = [
    h - ((win.out[0] - 1) * sh + kh! - win.pads[0] - win.pads[2]),
    wd - ((win.out[1] - 1) * sw + kw! - win.pads[1] - win.pads[3]),
  ];
  if (outPad[0]! < 0 || outPad[1]! < 0 || outPad[0]! >= sh || outPad[1]! >= sw) {
    ctx.unsupported(
      node,
      `output_padding ${outPad.join('x')} for strides ${sh}x${sw} is outside [0, stride)`,
    );
  }
  const attrs: Record<string, number | number[]> = {
    kernel_shape: [kh!, kw!],
    strides: [sh, sw],
    pads: win.pads,
    group: node.attrs.groups ?? 1,
  };
  if (outPad[0]! > 0 || outPad[1]! > 0) attrs.output_padding = outPad;
  const dx = ctx.g.op1('ConvTranspose', [ctx.get(dy!, NCHW), ctx.get(w!, OIHW)], attrs, node.outputs[0]);
  ctx.bind(node.outputs[0]!, dx, NCHW);
}

/**
 * conv2dGradInput: at stride 1 without groups a flipped-kernel Conv, on the NCHWc kernels by
 * default (C and M multiples of 4; `BENCH_ORT_CONV=conv` or `BENCH_ORT_GRAD_INPUT=conv` take the
 * standard Conv), or patches + GEMM with BENCH_ORT_CONV=gemm (small kernels); ConvTranspose
 * otherwise (grouped convolutions, other strides, or when BENCH_ORT_GRAD_INPUT=convtranspose).
 */
export const conv2dGradInputLowering = defineLowering({
  op: 'conv2dGradInput',
  lower(ctx, node) {
    const [sh, sw] = node.attrs.strides;
    const forced = process.env.BENCH_ORT_GRAD_INPUT;
    const [kh, kw] = ctx.type(node.inputs[1]!).shape;
    const unit = sh === 1 && sw === 1;
    const grouped = (node.attrs.groups ?? 1) > 1;
    const [c, m] = [node.attrs.inputShape[2], ctx.type(node.inputs[1]!).shape[3]!];
    const nchwc =
      (forced === undefined || forced === 'nchwc') &&
      nchwcEnabled(ctx) &&
      nchwcShapes(m, c) &&
      !plainInput(m) &&
      flippedPads(node, kh!, kw!).every((p) => p >= 0);
    if (!grouped && unit && nchwc) lowerNchwc(ctx, node);
    else if (!grouped && forced === undefined && unit && convAsGemm(kh!, kw!)) lowerGemm(ctx, node);
    else if (!grouped && (forced === 'conv' || (forced !== 'convtranspose' && unit)))
      lowerFlippedConv(ctx, node);
    else lowerConvTranspose(ctx, node);
  },
});
