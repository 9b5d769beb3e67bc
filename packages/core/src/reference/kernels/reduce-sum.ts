/**
 * Reference kernel for `reduceSum`: sums over `axes` in float64. Leading axes (bias gradients:
 * [0] of [N,F], [0,1,2] of NHWC) take a row-sum fast path; other axis sets a general strided walk.
 */
import { OpError } from '../../errors';
import { formatShape } from '../../tensor';
import type { KernelConfig } from '../kernel';
import { allocFloat, floatData, floatTensor } from '../ref-tensor';

/** The reduceSum kernel config. */
export const reduceSumKernel: KernelConfig<'reduceSum'> = {
  op: 'reduceSum',
  run([x], attrs, ctx) {
    const xd = floatData(x!, 'reduceSum', ctx.node, 'x');
    const shape = x!.shape;
    const rank = shape.length;
    const reduced = new Array<boolean>(rank).fill(false);
    for (const a of attrs.axes) {
      if (!Number.isInteger(a) || a < 0 || a >= rank) {
        throw new OpError(
          'reduceSum',
          ctx.node,
          `axis ${a} is out of range for x ${formatShape(shape)}; use 0..${rank - 1}`,
        );
      }
      reduced[a] = true;
    }
    const outShape = shape.filter((_, i) => !reduced[i]);
    const outSize = outShape.reduce((p, d) => p * d, 1);
    const acc = new Float64Array(outSize);
    let lead = 0;
    while (lead < rank && reduced[lead]) lead++;
    const isPrefix = reduced.every((r, i) => r === i < lead);
    if (isPrefix) {
      const inner = outSize;
      for (let o = 0; o < xd.length; o += inner) {
        for (let j = 0; j < inner; j++) acc[j] += xd[o + j]!;
      }
    } else {
      // Output stride of each input axis (0 for reduced axes), then walk x in row-major order.
      const outStride = new Array<number>(rank).fill(0);
      let s = 1;
      for (let i = rank - 1; i >= 0; i--) {
        if (!reduced[i]) {
          outStride[i] = s;
          s *= shape[i]!;
        }
      }
      const idx = new Array<number>(rank).fill(0);
      let out = 0;
      for (let e = 0; e < xd.length; e++) {
        acc[out] += xd[e]!;
        for (let d = rank - 1; d >= 0; d--) {
          idx[d]++;
          out += outStride[d]!;
          if (idx[d]! < shape[d]!) break;
          out -= outStride[d]! * shape[d]!;
          idx[d] = 0;
        }
      }
    }
    const y = allocFloat(ctx.precision, outSize);
    y.set(acc);
    return [floatTensor(outShape, y)];
  },
};
