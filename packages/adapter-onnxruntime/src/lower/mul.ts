import { lowerElementwise } from './elementwise-impl';
import { defineLowering } from './op-lowering';

/** mul -> Mul. */
export const mulLowering = defineLowering({
  op: 'mul',
  lower: (ctx, node) => lowerElementwise(ctx, 'Mul', node.inputs, node.outputs[0]!),
});
