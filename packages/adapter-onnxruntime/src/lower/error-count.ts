import { DataType } from '../onnx/proto';
import { labelsI64 } from './labels-impl';
import { nanFirstArgMax } from './nan-max-impl';
import { defineLowering } from './op-lowering';

/** errorCount -> ReduceSum(Cast(Not(Equal(ArgMax(logits), labels)))): a float32 scalar (ArgMax NaN-first). */
export const errorCountLowering = defineLowering({
  op: 'errorCount',
  lower(ctx, node) {
    const [logits, labels] = node.inputs;
    const g = ctx.g;
    const pred = nanFirstArgMax(g, ctx.get(logits!), `${node.name}.pred`);
    const wrong = g.op1(
      'Not',
      [g.op1('Equal', [pred, labelsI64(g, ctx.get(labels!))])],
      {},
      `${node.name}.wrong`,
    );
    const count = g.op1(
      'ReduceSum',
      [g.op1('Cast', [wrong], { to: DataType.FLOAT })],
      { keepdims: 0 },
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, count);
  },
});
