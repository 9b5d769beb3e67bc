import { batchAsFloat, oneHot } from './labels-impl';
import { defineLowering } from './op-lowering';

/** softmaxCrossEntropyGrad -> (Softmax(logits) - onehot(labels)) / N. */
export const softmaxCrossEntropyGradLowering = defineLowering({
  op: 'softmaxCrossEntropyGrad',
  lower(ctx, node) {
    const [logits, labels] = node.inputs;
    const g = ctx.g;
    const z = ctx.get(logits!);
    const k = ctx.type(logits!).shape[1]!;
    const diff = g.op1(
      'Sub',
      [g.op1('Softmax', [z], { axis: -1 }), oneHot(g, ctx.get(labels!), k)],
      {},
      `${node.name}.diff`,
    );
    ctx.bind(node.outputs[0]!, g.op1('Div', [diff, batchAsFloat(g, z)], {}, node.outputs[0]));
  },
});
