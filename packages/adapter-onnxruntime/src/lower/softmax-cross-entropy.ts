import { labelsI64 } from './labels-impl';
import { defineLowering } from './op-lowering';

/** softmaxCrossEntropy -> SoftmaxCrossEntropyLoss(reduction="mean") with int64 labels. */
export const softmaxCrossEntropyLowering = defineLowering({
  op: 'softmaxCrossEntropy',
  lower(ctx, node) {
    const [logits, labels] = node.inputs;
    const loss = ctx.g.op1(
      'SoftmaxCrossEntropyLoss',
      [ctx.get(logits!), labelsI64(ctx.g, ctx.get(labels!))],
      { reduction: 'mean' },
      node.outputs[0],
    );
    ctx.bind(node.outputs[0]!, loss);
  },
});
