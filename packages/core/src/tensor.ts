/**
 * Host tensors: the one plain-data tensor type that crosses package boundaries (feeds, weights,
 * results of `Backend.run`). Row-major, float32 or int32. Adapters keep their own device tensors
 * and convert at the edges only.
 */
export type DType = 'float32' | 'int32';

/** Typed array backing a host tensor of the given dtype. */
export type TypedArrayFor<D extends DType> = D extends 'int32' ? Int32Array : Float32Array;

/** A row-major tensor in host memory. */
export interface HostTensor<D extends DType = DType> {
  readonly dtype: D;
  readonly shape: readonly number[];
  readonly data: TypedArrayFor<D>;
}

/** Named tensors, e.g. the weights of a model in canonical layout. */
export type NamedTensors = Record<string, HostTensor>;

/** Number of elements of a shape (1 for a scalar). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Creates a host tensor, checking that the data length matches the shape. */
export function tensor<D extends DType = 'float32'>(
  data: TypedArrayFor<D> | number[],
  shape: readonly number[],
  dtype?: D,
): HostTensor<D> {
  const dt = (dtype ?? (data instanceof Int32Array ? 'int32' : 'float32')) as D;
  const arr = (
    Array.isArray(data) ? (dt === 'int32' ? Int32Array.from(data) : Float32Array.from(data)) : data
  ) as TypedArrayFor<D>;
  if (arr.length !== sizeOf(shape)) {
    throw new RangeError(
      `tensor: data has ${arr.length} elements but shape [${shape.join(', ')}] needs ${sizeOf(shape)}; pass data of matching length`,
    );
  }
  return { dtype: dt, shape: [...shape], data: arr };
}

/** A zero-filled float32 tensor. */
export function zeros(shape: readonly number[]): HostTensor<'float32'> {
  return { dtype: 'float32', shape: [...shape], data: new Float32Array(sizeOf(shape)) };
}

/** A float32 scalar. */
export function scalar(value: number): HostTensor<'float32'> {
  return { dtype: 'float32', shape: [], data: Float32Array.of(value) };
}

/** An int32 scalar. */
export function intScalar(value: number): HostTensor<'int32'> {
  return { dtype: 'int32', shape: [], data: Int32Array.of(value) };
}

/** Deep copy of a host tensor (the data is copied). */
export function cloneTensor<D extends DType>(t: HostTensor<D>): HostTensor<D> {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data.slice() as TypedArrayFor<D> };
}

/** `[2, 3]` -> `"[2, 3]"`, for error messages. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.join(', ')}]`;
}
