/**
 * Shapes and paddings of a 2-D window op (conv2d, maxPool and their gradients) on NHWC tensors,
 * computed once per kernel call with TensorFlow's rules or explicit pads (`convOutputSize`).
 */
import { OpError } from '../../errors';
import { convOutputSize, formatPadding } from '../../ir/ops';
import type { Padding } from '../../ir/ops';
import { formatShape } from '../../tensor';

/** Everything a window kernel needs to index its input and output. */
export interface WindowGeometry {
  batch: number;
  inH: number;
  inW: number;
  channels: number;
  kh: number;
  kw: number;
  strideH: number;
  strideW: number;
  outH: number;
  outW: number;
  /** Rows/columns of padding before the first input element. */
  padTop: number;
  padLeft: number;
}

/** Geometry of a window op over input `[N, H, W, C]`; throws OpError when the window does not fit. */
export function windowGeometry(
  op: string,
  node: string,
  inputShape: readonly number[],
  kernel: readonly [number, number],
  strides: readonly [number, number],
  padding: Padding,
): WindowGeometry {
  const [batch, inH, inW, channels] = inputShape as [number, number, number, number];
  const [kh, kw] = kernel;
  const [strideH, strideW] = strides;
  const rows = convOutputSize(inH, kh, strideH, padding, 0);
  const cols = convOutputSize(inW, kw, strideW, padding, 1);
  if (rows.out <= 0 || cols.out <= 0) {
    throw new OpError(
      op,
      node,
      `a ${kh}x${kw} window with padding ${formatPadding(padding)} does not fit input ${formatShape(inputShape)}; use padding "same" or a smaller window`,
    );
  }
  return {
    batch,
    inH,
    inW,
    channels,
    kh,
    kw,
    strideH,
    strideW,
    outH: rows.out,
    outW: cols.out,
    padTop: rows.padBefore,
    padLeft: cols.padBefore,
  };
}
