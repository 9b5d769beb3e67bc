import { DataType } from '../onnx/proto';
import { defineLowering } from './op-lowering';

/**
 * adamUpdate (PyTorch form, as ops.ts defines it) in float32 elementwise ops; the bias
 * corrections 1 - beta^t come from Pow on the step counter.
 */
export const adamUpdateLowering = defineLowering({
  op: 'adamUpdate',
  lower(ctx, node) {
    const [p, grad, m, v, step] = node.inputs;
    const { lr, beta1, beta2, epsilon } = node.attrs;
    const g = ctx.g;
    const gr = ctx.get(grad!);
    const t = g.op1('Cast', [ctx.get(step!)], { to: DataType.FLOAT }, `${node.name}.t`);
    const m1 = g.op1(
      'Add',
      [g.op1('Mul', [ctx.get(m!), g.f32(beta1)]), g.op1('Mul', [gr, g.f32(1 - beta1)])],
      {},
      node.outputs[1],
    );
    const g2 = g.op1('Mul', [gr, gr], {}, `${node.name}.g2`);
    const v1 = g.op1(
      'Add',
      [g.op1('Mul', [ctx.get(v!), g.f32(beta2)]), g.op1('Mul', [g2, g.f32(1 - beta2)])],
      {},
      node.outputs[2],
    );
    const bc1 = g.op1('Sub', [g.f32(1), g.op1('Pow', [g.f32(beta1), t])], {}, `${node.name}.bc1`);
    const bc2 = g.op1('Sub', [g.f32(1), g.op1('Pow', [g.f32(beta2), t])], {}, `${node.name}.bc2`);
    const mHat = g.op1('Div', [m1, bc1], {}, `${node.name}.mhat`);
    const denom = g.op1(
      'Add',
      [g.op1('Sqrt', [g.op1('Div', [v1, bc2])]), g.f32(epsilon)],
      {},
      `${node.name}.denom`,
    );
    const delta = g.op1('Div', [g.op1('Mul', [mHat, g.f32(lr)]), denom], {}, `${node.name}.delta`);
    ctx.bind(node.outputs[0]!, g.op1('Sub', [ctx.get(p!), delta], {}, node.outputs[0]));
    ctx.bind(node.outputs[1]!, m1);
    ctx.bind(node.outputs[2]!, v1);
  },
});
