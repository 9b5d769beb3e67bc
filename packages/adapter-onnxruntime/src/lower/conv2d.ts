import type { Node } from '@bench/core';
import { fusedBiasKey } from './bias-add';
import type { LowerContext } from './context';
import {
  blockedFilter,
  nchwcConv,
  nchwcEnabled,
  nchwcInput,
  nchwcShapes,
  paddedBias,
  plainFilter,
  plainInput,
} from './nchwc-impl';
import { defineLowering } from './op-lowering';
import type { NodeOf } from './op-lowering';
import { convAsGemm, patchColumns } from './patches-impl';
import { CNHW, NCHW, OHWI, OIHW } from './perm';
import { window2d } from './window-impl';

/**
 * The biasAdd to fold into this conv2d: the conv output's only consumer, when it is a biasAdd and
 * the raw conv output is not a graph output (`BENCH_ORT_CONV_BIAS=add` keeps the separate Add).
 */
function biasToFold(ctx: LowerContext, node: NodeOf<'conv2d'>): Node | undefined {
  const only = ctx.onlyConsumer(node.outputs[0]!);
  const fold =
    only?.op === 'biasAdd' && only.inputs[0] === node.outputs[0] && process.env.BENCH_ORT_CONV_BIAS !== 'add';
  return fold ? only : undefined;
}

/** Memo key marking a relu folded into the NCHWc conv2d before it (its `activation`). */
export function fusedReluKey(reluNode: string): string {
  return `fusedRelu|${reluNode}`;
}

/** The relu after a folded biasAdd, when it is the biasAdd output's only consumer and not an output. */
function reluToFold(ctx: LowerContext, bias: Node): Node | undefined {
  const only = ctx.onlyConsumer(bias.outputs[0]!);
  return only?.op === 'relu' ? only : undefined;
}

/**
 * onnxruntime's NCHWc Conv (nchwc-impl.ts): the input reordered to NCHWc (or read as NCHW when it
 * has fewer than 4 channels), the weights reordered in the graph, bias and a following ReLU fused,
 * the output reordered back to NCHW (MaxPool with Indices and the gradients read NCHW).
 */
function lowerNchwc(ctx: LowerContext, node: NodeOf<'conv2d'>, bias: Node | undefined): void {
  const [x, w] = node.inputs;
  const [, h, wd, c] = ctx.type(x!).shape;
  const [kh, kw, , m] = ctx.type(w!).shape;
  const win = window2d(h!, wd!, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const relu = bias ? reluToFold(ctx, bias) : undefined;
  const target = relu ? relu.outputs[0]! : bias ? bias.outputs[0]! : node.outputs[0]!;
  const plain = plainInput(c!);
  const filter = plain
    ? plainFilter(ctx, ctx.get(w!, [2, 0, 1, 3]), [c!, kh!, kw!, m!], `${w}`)
    : blockedFilter(ctx, ctx.get(w!, OHWI), [m!, c!, kh!, kw!], `${w}`);
  const inputs = [plain ? ctx.get(x!, NCHW) : nchwcInput(ctx, x!), filter];
  if (bias) inputs.push(paddedBias(ctx, ctx.get(bias.inputs[1]!), m!, `${bias.name}`));
  const attrs = { kernel: [kh!, kw!], strides: node.attrs.strides, pads: win.pads, relu: relu !== undefined };
  ctx.bind(target, nchwcConv(ctx, inputs, attrs, m!, target), NCHW);
  if (relu) ctx.memo.set(fusedReluKey(relu.name), true);
}

/**
 * Patches + one GEMM over the whole batch, activations in [C, N, H, W]: y = W^T (as [M, kh*kw*C])
 * x patches ([kh*kw*C, N*OH*OW]) + bias, i.e. [M, N*OH*OW] = CNHW. The patches are shared with the
 * filter gradient; MaxPool, ReLU and the next conv's patches work on CNHW directly, so a conv stack
 * needs no activation or weight transposes. onnxruntime's Conv with weights as graph inputs runs
 * im2col + one small GEMM per image instead (16 columns at 4x4), which threads poorly.
 */
function lowerGemm(ctx: LowerContext, node: NodeOf<'conv2d'>, bias: Node | undefined): void {
  const [x, w] = node.inputs;
  const g = ctx.g;
  const [n, h, wd, c] = ctx.type(x!).shape;
  const [kh, kw, , m] = ctx.type(w!).shape;
  const win = window2d(h!, wd!, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const cols = patchColumns(ctx, x!, [kh!, kw!], node.attrs.strides, win.pads, win.out);
  const kernel = g.op1('Reshape', [ctx.get(w!), g.i64([kh! * kw! * c!, m!])], {}, `${w}.mat`);
  const inputs = [kernel, cols];
  if (bias) inputs.push(g.op1('Reshape', [ctx.get(bias.inputs[1]!), g.i64([m!, 1])], {}, `${bias.name}.col`));
  const rows = g.op1('Gemm', inputs, { transA: 1 }, `${node.name}.gemm`);
  const target = bias ? bias.outputs[0]! : node.outputs[0]!;
  ctx.bind(target, g.op1('Reshape', [rows, g.i64([m!, n!, win.out[0], win.out[1]])], {}, target), CNHW);
}

/**
 * onnxruntime's Conv (with `group`) on NCHW activations and [M,C/groups,kh,kw] weights (layouts
 * converted lazily, once).
 */
function lowerConv(ctx: LowerContext, node: NodeOf<'conv2d'>, bias: Node | undefined): void {
  const [x, w] = node.inputs;
  const [, h, wd] = ctx.type(x!).shape;
  const [kh, kw] = ctx.type(w!).shape;
  const win = window2d(h!, wd!, kh!, kw!, node.attrs.strides, node.attrs.padding);
  const inputs = [ctx.get(x!, NCHW), ctx.get(w!, OIHW)];
  if (bias) inputs.push(ctx.get(bias.inputs[1]!));
  const target = bias ? bias.outputs[0]! : node.outputs[0]!;
  const y = ctx.g.op1(
    'Conv',
    inputs,
    {
      kernel_shape: [kh!, kw!],
      strides: [...node.attrs.strides],
      pads: win.pads,
      group: node.attrs.groups ?? 1,
    },
    target,
  );
  ctx.bind(target, y, NCHW);
}

/**
 * conv2d: onnxruntime's NCHWc Conv (the default: groups 1, output channels a multiple of 4, input
 * channels below 4 or a multiple of 4; not in portable models), patches + one GEMM
 * (`BENCH_ORT_CONV=gemm`, kernels up to 5x5, groups 1) or onnxruntime's Conv (`BENCH_ORT_CONV=conv`
 * and every other case). When the only consumer is a biasAdd, the bias rides in the GEMM's C input
 * or the Conv's B input (one pass fewer over the activations; the NCHWc Conv also takes a
 * following Relu as its `activation`, and onnxruntime fuses a Relu after a standard Conv: FusedConv).
 */
export const conv2dLowering = defineLowering({
  op: 'conv2d',
  lower(ctx, node) {
    const [kh, kw] = ctx.type(node.inputs[1]!).shape;
    const bias = biasToFold(ctx, node);
    const grouped = (node.attrs.groups ?? 1) > 1;
    const [c, m] = [ctx.type(node.inputs[0]!).shape[3]!, ctx.type(node.inputs[1]!).shape[3]!];
    if (!grouped && nchwcEnabled(ctx) && nchwcShapes(c, m)) lowerNchwc(ctx, node, bias);
    else if (!grouped && convAsGemm(kh!, kw!)) lowerGemm(ctx, node, bias);
    else lowerConv(ctx, node, bias);
    if (bias) ctx.memo.set(fusedBiasKey(bias.name), true);
  },
});
