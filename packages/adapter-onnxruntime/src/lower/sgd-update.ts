import { defineLowering } from './op-lowering';

/** Memo key marking an sgdUpdate folded into the Gemm of its gradient. */
export function fusedUpdateKey(sgdUpdateNode: string): string {
  return `fusedUpdate|${sgdUpdateNode}`;
}

/** sgdUpdate -> p - lr * g, in the parameter's canonical layout (unless folded into g's Gemm). */
export const sgdUpdateLowering = defineLowering({
  op: 'sgdUpdate',
  lower(ctx, node) {
    if (ctx.memo.has(fusedUpdateKey(node.name))) return;
    const [p, grad] = node.inputs;
    const g = ctx.g;
    const step = g.op1('Mul', [ctx.get(grad!), g.f32(node.attrs.lr)], {}, `${node.name}.step`);
    ctx.bind(node.outputs[0]!, g.op1('Sub', [ctx.get(p!), step], {}, node.outputs[0]));
  },
});
