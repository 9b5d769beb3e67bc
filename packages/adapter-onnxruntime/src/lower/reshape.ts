import { defineLowering } from './op-lowering';

/** reshape -> Reshape of the canonical (row-major NHWC) value; -1 lets ONNX infer the batch. */
export const reshapeLowering = defineLowering({
  op: 'reshape',
  lower(ctx, node) {
    const y = ctx.g.op1(
      'Reshape',
      [ctx.get(node.inputs[0]!), ctx.g.i64(node.attrs.shape)],
      {},
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, y);
  },
});
