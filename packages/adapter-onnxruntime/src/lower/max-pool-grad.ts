import type { Node } from '@bench/core';
import { DataType } from '../onnx/proto';
import type { LowerContext } from './context';
import { maxPoolIndicesKey } from './max-pool';
import { nanFirstMaxPool } from './nan-max-impl';
import { defineLowering } from './op-lowering';
import { planarLayout } from './perm';
import { window2d } from './window-impl';

/** Memo key marking a reluGrad folded into the maxPoolGrad before it. */
export function fusedReluGradKey(reluGradNode: string): string {
  return `fusedReluGrad|${reluGradNode}`;
}

/**
 * Memo key of the pooled, ReLU-masked gradient behind a folded reluGrad's output `dz`: every
 * window's value lands at exactly one position of dz, so a sum of dz over N, H and W equals that
 * sum over the pooled gradient (the bias gradient, 4x fewer elements for 2x2 pools).
 */
export function pooledGradKey(dz: string): string {
  return `pooledGrad|${dz}`;
}

/**
 * The reluGrad after this maxPoolGrad, when it is the only consumer and masks by the same x (the
 * ReLU output that was pooled): dx is then non-zero only at each window's argmax, where x equals
 * the pooled value, so the mask can be applied to the pooled gradient (4x fewer elements for 2x2).
 */
function reluGradToFold(ctx: LowerContext, node: Node): Node | undefined {
  const only = ctx.onlyConsumer(node.outputs[0]!);
  const fold =
    only?.op === 'reluGrad' &&
    only.inputs[0] === node.outputs[0] &&
    only.inputs[1] === node.inputs[1] &&
    process.env.BENCH_ORT_RELU_GRAD !== 'full';
  return fold ? only : undefined;
}

/**
 * maxPoolGrad -> MaxPool Indices (flat over x in the forward MaxPool's planar layout, NCHW or
 * CNHW; the first NaN, else the first maximum, wins; see nan-max-impl.ts), then dy goes to those
 * positions: MaxUnpool when windows cannot overlap (strides >= pool size, so each position gets at
 * most one value; measured ~4x faster than the general path), else
 * ScatterElements(reduction="add") into zeros so overlapping windows accumulate.
 */
export const maxPoolGradLowering = defineLowering({
  op: 'maxPoolGrad',
  lower(ctx, node) {
    const [dy, x] = node.inputs;
    const g = ctx.g;
    // The forward MaxPool's layout and Indices (flat over that layout), else x's planar layout.
    const memo = ctx.memo.get(maxPoolIndicesKey(x!, node.attrs)) as
      | { indices: string; layout: readonly number[]; y: string }
      | undefined;
    const layout = memo?.layout ?? planarLayout(ctx.raw(x!).perm);
    const xN = ctx.get(x!, layout);
    let indices = memo?.indices;
    const [ph, pw] = node.attrs.poolSize;
    const [sh, sw] = node.attrs.strides;
    const [, h, w] = ctx.type(x!).shape;
    const { pads } = window2d(h!, w!, ph, pw, node.attrs.strides, node.attrs.padding);
    if (!indices) {
      const attrs = { kernel_shape: [ph, pw], strides: [sh, sw], pads };
      indices = nanFirstMaxPool(g, xN, attrs, node.name).indices;
    }
    if (sh >= ph && sw >= pw) {
      const attrs = { kernel_shape: [ph, pw], strides: [sh, sw], pads };
      let dyN = ctx.get(dy!, layout);
      // A following reluGrad by the same x, applied to the pooled gradient (exact: see reluGradToFold).
      const relu = memo ? reluGradToFold(ctx, node) : undefined;
      if (relu) {
        const zero = g.constant(DataType.FLOAT, [0], [], 'zero');
        const off = g.op1('LessOrEqual', [memo!.y, zero], {}, `${node.name}.off`);
        dyN = g.op1('Where', [off, zero, dyN], {}, `${relu.name}.pooled`);
      }
      const target = relu ? relu.outputs[0]! : node.outputs[0]!;
      const dx = g.op1('MaxUnpool', [dyN, indices, g.op1('Shape', [xN])], attrs, target);
      ctx.bind(target, dx, layout);
      if (relu) {
        ctx.memo.set(fusedReluGradKey(relu.name), true);
        ctx.memo.set(pooledGradKey(target), { name: dyN, perm: layout });
      }
      return;
    }
    const flat = g.i64([-1]);
    const size = g.op1('Reshape', [g.op1('Size', [xN]), flat], {}, `${node.name}.size`);
    const zeros = g.op1('ConstantOfShape', [size], {}, `${node.name}.zeros`);
    const scattered = g.op1(
      'ScatterElements',
      [zeros, g.op1('Reshape', [indices, flat]), g.op1('Reshape', [ctx.get(dy!, layout), flat])],
      { axis: 0, reduction: 'add' },
      `${node.name}.scatter`,
    );
    const dx = g.op1('Reshape', [scattered, g.op1('Shape', [xN])], {}, node.outputs[0]);
    ctx.bind(node.outputs[0]!, dx, layout);
  },
});
