/**
 * Datasets: indexable collections of (input, label) examples in canonical layout (NHWC or
 * [features]), float32 inputs and integer class labels.
 */
import type { Batch } from '../backend/backend';
import { sizeOf } from '../tensor';

/** One example. */
export interface Example {
  x: Float32Array;
  y: number;
}

/** An indexable dataset. `getBatch` is an optional fast path that loaders prefer. */
export interface Dataset {
  readonly length: number;
  /** Input shape without the batch dimension. */
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  // `| undefined` too, so classes with an optional `classNames` implement this under
  // exactOptionalPropertyTypes (a consumer's `tsc --init` default).
  readonly classNames?: readonly string[] | undefined;
  get(index: number): Example;
  getBatch?(indices: Int32Array): Batch;
}

/** A dataset held in two typed arrays: inputs `[n, ...inputShape]` row-major and labels `[n]`. */
export class TensorDataset implements Dataset {
  readonly length: number;
  private readonly stride: number;

  constructor(
    readonly x: Float32Array,
    readonly y: Int32Array,
    readonly inputShape: readonly number[],
    readonly numClasses: number,
    readonly classNames?: readonly string[],
  ) {
    this.stride = sizeOf(inputShape);
    if (x.length !== y.length * this.stride) {
      throw new RangeError(
        `TensorDataset: x has ${x.length} values but ${y.length} labels x input shape [${inputShape.join(', ')}] needs ${y.length * this.stride}`,
      );
    }
    this.length = y.length;
  }

  get(index: number): Example {
    checkIndex(index, this.length);
    return { x: this.x.subarray(index * this.stride, (index + 1) * this.stride), y: this.y[index]! };
  }

  getBatch(indices: Int32Array): Batch {
    const n = indices.length;
    const xs = new Float32Array(n * this.stride);
    const ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = indices[i]!;
      checkIndex(j, this.length);
      xs.set(this.x.subarray(j * this.stride, (j + 1) * this.stride), i * this.stride);
      ys[i] = this.y[j]!;
    }
    return {
      x: { dtype: 'float32', shape: [n, ...this.inputShape], data: xs },
      y: { dtype: 'int32', shape: [n], data: ys },
    };
  }
}

/** A view of some examples of another dataset, in the given order. */
export class SubsetDataset implements Dataset {
  readonly length: number;

  constructor(
    readonly source: Dataset,
    readonly indices: Int32Array,
  ) {
    this.length = indices.length;
  }

  get inputShape(): readonly number[] {
    return this.source.inputShape;
  }
  get numClasses(): number {
    return this.source.numClasses;
  }
  get classNames(): readonly string[] | undefined {
    return this.source.classNames;
  }

  get(index: number): Example {
    checkIndex(index, this.length);
    return this.source.get(this.indices[index]!);
  }

  getBatch(indices: Int32Array): Batch {
    const mapped = new Int32Array(indices.length);
    for (let i = 0; i < indices.length; i++) {
      checkIndex(indices[i]!, this.length);
      mapped[i] = this.indices[indices[i]!]!;
    }
    return collate(this.source, mapped);
  }
}

/** Builds a batch from any dataset (uses its fast path when it has one). */
export function collate(dataset: Dataset, indices: Int32Array): Batch {
  if (dataset.getBatch) return dataset.getBatch(indices);
  const stride = sizeOf(dataset.inputShape);
  const xs = new Float32Array(indices.length * stride);
  const ys = new Int32Array(indices.length);
  indices.forEach((j, i) => {
    const ex = dataset.get(j);
    xs.set(ex.x, i * stride);
    ys[i] = ex.y;
  });
  return {
    x: { dtype: 'float32', shape: [indices.length, ...dataset.inputShape], data: xs },
    y: { dtype: 'int32', shape: [indices.length], data: ys },
  };
}

function checkIndex(index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length) {
    throw new RangeError(`dataset index ${index} is out of range [0, ${length})`);
  }
}
