import { float } from '../onnx/graph-builder';
import { fusedBiasKey } from './bias-add';
import { defineLowering } from './op-lowering';
import { fusedUpdateKey } from './sgd-update';

/**
 * matmul -> Gemm (transA/transB map directly). When the product's only consumer is the dense
 * layer's biasAdd, the bias rides in Gemm's C (onnxruntime then fuses a following Relu into the
 * Gemm); when it is the sgdUpdate of a kernel gradient, the update rides in alpha = -lr and C = p.
 * Each fold saves a node and a pass per step, which is most of a small MLP's step (E3).
 * `BENCH_ORT_DENSE_FOLD=0` keeps the separate Add / Mul + Sub.
 */
export const matmulLowering = defineLowering({
  op: 'matmul',
  lower(ctx, node) {
    const [a, b] = node.inputs;
    const out = node.outputs[0]!;
    const inputs = [ctx.get(a!), ctx.get(b!)];
    const attrs = { transA: node.attrs.transA ? 1 : 0, transB: node.attrs.transB ? 1 : 0 };
    const next = process.env.BENCH_ORT_DENSE_FOLD === '0' ? undefined : ctx.onlyConsumer(out);
    if (next?.op === 'biasAdd' && next.inputs[0] === out) {
      ctx.bind(next.outputs[0]!, ctx.g.op1('Gemm', [...inputs, ctx.get(next.inputs[1]!)], attrs, out));
      ctx.memo.set(fusedBiasKey(next.name), true);
    } else if (next?.op === 'sgdUpdate' && next.inputs[1] === out) {
      const update = { ...attrs, alpha: float(-next.attrs.lr), beta: float(1) };
      ctx.bind(next.outputs[0]!, ctx.g.op1('Gemm', [...inputs, ctx.get(next.inputs[0]!)], update, out));
      ctx.memo.set(fusedUpdateKey(next.name), true);
    } else {
      ctx.bind(out, ctx.g.op1('Gemm', inputs, attrs, out));
    }
  },
});
