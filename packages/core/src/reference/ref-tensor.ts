/**
 * The reference executor's own tensor: a host tensor whose float data may be float64, so that the
 * same kernels serve float32 runs (what every backend is compared with) and float64 runs (finite
 * difference gradient checks).
 */
import { OpError } from '../errors';
import { formatShape } from '../tensor';
import type { DType } from '../tensor';

/** Arithmetic precision of a reference run: float values are stored as Float32Array or Float64Array. */
export type Precision = 'float32' | 'float64';

/** Float storage of a reference tensor. */
export type FloatArray = Float32Array | Float64Array;

/**
 * A row-major tensor as the reference kernels see it. `dtype` is the IR dtype; a `float32` value
 * is backed by a Float64Array in a float64 run. A HostTensor is a RefTensor.
 */
export interface RefTensor {
  readonly dtype: DType;
  readonly shape: readonly number[];
  readonly data: FloatArray | Int32Array;
}

/** A zero-filled float array of `n` elements in the given precision. */
export function allocFloat(precision: Precision, n: number): FloatArray {
  return precision === 'float64' ? new Float64Array(n) : new Float32Array(n);
}

/** A float tensor over existing data (not copied). */
export function floatTensor(shape: readonly number[], data: FloatArray): RefTensor {
  return { dtype: 'float32', shape, data };
}

/**
 * The float data of a kernel input; throws OpError naming the op, node and input when the input
 * is an int32 tensor (the graph's shape rules should have caught it earlier).
 */
export function floatData(t: RefTensor, op: string, node: string, input: string): FloatArray {
  if (t.data instanceof Int32Array) {
    throw new OpError(op, node, `input "${input}" must be a float tensor, got int32 ${formatShape(t.shape)}`);
  }
  return t.data;
}

/** The int32 data of a kernel input (labels, step); throws OpError when it is a float tensor. */
export function intData(t: RefTensor, op: string, node: string, input: string): Int32Array {
  if (!(t.data instanceof Int32Array)) {
    throw new OpError(
      op,
      node,
      `input "${input}" must be an int32 tensor, got ${t.dtype} ${formatShape(t.shape)}`,
    );
  }
  return t.data;
}

/** Converts float data to the run's precision (a copy only when the precision differs). */
export function toPrecision(data: FloatArray, precision: Precision): FloatArray {
  if (precision === 'float64') return data instanceof Float64Array ? data : Float64Array.from(data);
  return data instanceof Float32Array ? data : Float32Array.from(data);
}
