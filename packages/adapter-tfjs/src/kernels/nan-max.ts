/**
 * NaN-propagating maxima from plain tfjs ops. The engines' MaxPool and ArgMax compare with `>`,
 * which skips NaN (a window of [NaN, 1] pools to 1), while the IR follows PyTorch: NaN is the
 * maximum, the first NaN wins. These wrappers restore that at the cost of a NaN mask per call.
 */
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { Tf, TfTensor } from '../tf-types';

/** Largest finite float32: +Inf is mapped to it when NaN takes +Inf's place (see `nanAsLargest`). */
const FLOAT32_MAX = 3.4028234663852886e38;

/** maxPool whose windows holding a NaN pool to NaN. */
export function nanMaxPool(
  tf: Tf,
  x: TfTensor,
  poolSize: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): TfTensor {
  return keepWindowNaN(
    tf,
    x,
    tf.maxPool(x as Tensor4D, poolSize, strides, padding),
    poolSize,
    strides,
    padding,
  );
}

/**
 * `pooled` (x pooled over the given windows) with NaN wherever a window of x holds a NaN. Max
 * pooling skips NaN on every engine; XNNPACK's average pooling (tfjs-wasm) turns a window of NaN
 * and -Inf into -Inf.
 */
export function keepWindowNaN(
  tf: Tf,
  x: TfTensor,
  pooled: TfTensor,
  poolSize: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): TfTensor {
  const nanInWindow = tf.maxPool(tf.cast(tf.isNaN(x), 'float32') as Tensor4D, poolSize, strides, padding);
  return tf.where(tf.greater(nanInWindow, 0), tf.fill(pooled.shape, Number.NaN), pooled);
}

/**
 * x with NaN replaced by +Inf, +Inf by the largest float and -Inf by the lowest, so that a plain
 * first-maximum search with `>` (MaxPoolGrad's routing) finds the first NaN, else the first +Inf,
 * else the first maximum, and a window of -Inf still routes to its first element (as PyTorch).
 */
export function nanAsLargest(tf: Tf, x: TfTensor): TfTensor {
  const inf = tf.fill(x.shape, Number.POSITIVE_INFINITY);
  const big = tf.fill(x.shape, FLOAT32_MAX);
  const finite = tf.where(tf.equal(x, inf), big, tf.where(tf.equal(x, tf.neg(inf)), tf.neg(big), x));
  return tf.where(tf.isNaN(x), inf, finite);
}

/** argMax over axis 1 of a [N, K] tensor where the first NaN of a row is its maximum. */
export function nanFirstArgMax(tf: Tf, x: TfTensor): TfTensor {
  const nan = tf.cast(tf.isNaN(x), 'float32');
  return tf.where(tf.greater(tf.max(nan, 1), 0), tf.argMax(nan, 1), tf.argMax(x, 1));
}
