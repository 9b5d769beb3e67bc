import { lowerElementwise } from './elementwise-impl';
import { defineLowering } from './op-lowering';

/** add -> Add. */
export const addLowering = defineLowering({
  op: 'add',
  lower: (ctx, node) => lowerElementwise(ctx, 'Add', node.inputs, node.outputs[0]!),
});
