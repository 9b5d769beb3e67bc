import { defineLowering } from './op-lowering';

/** matmul -> Gemm (transA/transB map directly; no C input). */
export const matmulLowering = defineLowering({
  op: 'matmul',
  lower(ctx, node) {
    const [a, b] = node.inputs;
    const y = ctx.g.op1(
      'Gemm',
      [ctx.get(a!), ctx.get(b!)],
      { transA: node.attrs.transA ? 1 : 0, transB: node.attrs.transB ? 1 : 0 },
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, y);
  },
});
