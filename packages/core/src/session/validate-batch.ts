import type { Batch } from '../backend/backend';
import { EmptyInputError } from '../errors/empty-input-error';
import { InvalidBatchError } from '../errors/invalid-batch-error';
import type { Program } from '../ir/graph';
import { formatShape, sizeOf } from '../tensor';
import type { HostTensor } from '../tensor';

/**
 * Checks a predict input against the program's x: float32, the program's rank and non-batch
 * dims, data length matching the shape, at least one row. Returns the row count.
 */
export function checkInput(program: Program, backend: string, method: string, x: HostTensor): number {
  const want = program.x.shape;
  const got = x.shape;
  const ok = got.length === want.length && want.every((d, i) => d === -1 || d === got[i]);
  if (x.dtype !== 'float32' || !(x.data instanceof Float32Array) || !ok) {
    throw new InvalidBatchError(
      backend,
      `${method}: x is ${x.dtype} ${formatShape(got)} but the program expects float32 ${formatShape(want)} (-1 = batch)`,
    );
  }
  if (x.data.length !== sizeOf(got)) {
    throw new InvalidBatchError(
      backend,
      `${method}: x has ${x.data.length} values but its shape ${formatShape(got)} needs ${sizeOf(got)}`,
    );
  }
  const n = got[0] ?? 0;
  if (n === 0) throw new EmptyInputError(backend, method);
  return n;
}

/**
 * Checks a training or evaluation batch: x as in `checkInput`, y int32 `[N]` with one class
 * index in `[0, numClasses)` per row of x. Returns the row count.
 */
export function checkBatch(program: Program, backend: string, method: string, batch: Batch): number {
  const n = checkInput(program, backend, method, batch.x);
  const { y } = batch;
  if (
    y.dtype !== 'int32' ||
    !(y.data instanceof Int32Array) ||
    y.shape.length !== 1 ||
    y.shape[0] !== n ||
    y.data.length !== n
  ) {
    throw new InvalidBatchError(
      backend,
      `${method}: y is ${y.dtype} ${formatShape(y.shape)} but must be int32 [${n}] (one class index per row of x)`,
    );
  }
  for (let i = 0; i < n; i++) {
    const label = y.data[i]!;
    if (!(label >= 0 && label < program.numClasses)) {
      throw new InvalidBatchError(
        backend,
        `${method}: label y[${i}] = ${label} is outside [0, ${program.numClasses}) for this ${program.numClasses}-class program`,
      );
    }
  }
  return n;
}
