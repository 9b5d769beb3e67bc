import type { Node } from '@bench/core';
import type { LowerContext } from './context';
import { defineLowering } from './op-lowering';
import type { NodeOf } from './op-lowering';
import { convAsGemm, patchColumns } from './patches-impl';
import { CNHW, NCHW, OIHW } from './perm';
import { window2d } from './window-impl';

/** Memo key marking a biasAdd whose Add was folded into the conv2d before it. */
export function fusedBiasKey(biasAddNode: string): string {
  return `fusedBias|${biasAddNode}`;
}

/**
 * The biasAdd to fold into this conv2d: the conv output's only consumer, when it is a biasAdd and
 * the raw conv output is not a graph output (`BENCH_ORT_CONV_BIAS=add` keeps the separate Add).
 */
function biasToFold(ctx: LowerContext, node: NodeOf<'conv2d'>): Node | undefined {
  const out = node.outputs[0]!;
  const consumers = ctx.nodes.filter((q) => q.inputs.includes(out));
  const only = consumers.length === 1 ? consumers[0]! : undefined;
  const fold =
    only?.op === 'biasAdd' &&
    only.inputs[0] === out &&
    !ctx.outputs.includes(out) &&
    process.env.BENCH_ORT_CONV_BIAS !== 'add';
  return fold ? only : undefined;
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
 * conv2d: patches + one GEMM (kernels up to 5x5, groups 1) or onnxruntime's Conv (any groups;
 * explicit pads go either way, the patches pad asymmetrically). When the only consumer is
 * a biasAdd, the bias rides in the GEMM's C input or the Conv's B input (one pass fewer over the
 * activations; onnxruntime then also fuses a following Relu into a Conv: FusedConv).
 */
export const conv2dLowering = defineLowering({
  op: 'conv2d',
  lower(ctx, node) {
    const [kh, kw] = ctx.type(node.inputs[1]!).shape;
    const bias = biasToFold(ctx, node);
    const grouped = (node.attrs.groups ?? 1) > 1;
    if (!grouped && convAsGemm(kh!, kw!)) lowerGemm(ctx, node, bias);
    else lowerConv(ctx, node, bias);
    if (bias) ctx.memo.set(fusedBiasKey(bias.name), true);
  },
});
