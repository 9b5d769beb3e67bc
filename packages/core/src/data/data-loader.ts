/**
 * DataLoader: turns a dataset into mini-batches, in order or shuffled with a seed that changes
 * per epoch (seed + epoch), so every backend sees the same batches in the same order. Batches are
 * collated from the dataset's compact storage (uint8 images, HDF5 rows) only when pulled, so no
 * layer holds an epoch of float32 inputs: `stream` yields them lazily with a small bounded
 * prefetch, `iterate` is the synchronous form, `batches` materialises (tests, tiny data sets).
 */
import type { Batch } from '../backend/backend';
import { Rng } from '../util/random';
import { collate } from './dataset';
import type { Dataset } from './dataset';

export interface DataLoaderOptions {
  batchSize: number;
  /** Shuffle each epoch (default false: E3 trains without shuffling). */
  shuffle?: boolean;
  /** Seed of the shuffle; epoch e uses seed + e. Default 0. */
  seed?: number;
  /** Drop a final partial batch (default false). */
  dropLast?: boolean;
  /**
   * Batches `stream` collates ahead of the one being consumed (default 2; 0 collates on demand).
   * Collation runs on the event loop while the engine awaits its step, so it overlaps compute on
   * engines whose steps are asynchronous (GPU read-backs, thread-pool runs); memory is bounded by
   * `prefetch + 1` batches whatever the data set size.
   */
  prefetch?: number;
}

/** The most batches `stream` may collate ahead: more only costs memory. */
export const MAX_PREFETCH = 64;

export class DataLoader {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;
  readonly prefetch: number;

  constructor(
    readonly dataset: Dataset,
    options: DataLoaderOptions,
  ) {
    const { batchSize } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    }
    const prefetch = options.prefetch ?? 2;
    if (!Number.isInteger(prefetch) || prefetch < 0 || prefetch > MAX_PREFETCH) {
      throw new RangeError(`DataLoader: prefetch must be an integer in 0..${MAX_PREFETCH}, got ${prefetch}`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
    this.prefetch = prefetch;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** Examples per epoch (after dropping a partial last batch, if asked). */
  get samples(): number {
    return this.dropLast ? this.length * this.batchSize : this.dataset.length;
  }

  /** The example order of an epoch (0-based). */
  order(epoch = 0): Int32Array {
    const idx = new Int32Array(this.dataset.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    if (this.shuffle) new Rng(this.seed + epoch).shuffle(idx);
    return idx;
  }

  /** The example indices of each batch of an epoch (views of one order array). */
  indexBatches(epoch = 0): Int32Array[] {
    const order = this.order(epoch);
    const out: Int32Array[] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, order.length);
      if (this.dropLast && end - start < this.batchSize) break;
      out.push(order.subarray(start, end));
    }
    return out;
  }

  /** The batches of an epoch, each collated when pulled (synchronous, no prefetch). */
  *iterate(epoch = 0): Generator<Batch, void, undefined> {
    for (const indices of this.indexBatches(epoch)) yield collate(this.dataset, indices);
  }

  /**
   * The batches of an epoch as an async stream: up to `prefetch` batches are collated ahead,
   * each in its own event-loop turn (`setImmediate`), while the consumer works on the current
   * one. Leaving the loop early (break, throw) stops further collation.
   */
  async *stream(epoch = 0): AsyncGenerator<Batch, void, undefined> {
    const slices = this.indexBatches(epoch);
    if (this.prefetch === 0) {
      for (const indices of slices) yield collate(this.dataset, indices);
      return;
    }
    const queue: Promise<Batch>[] = [];
    let next = 0;
    let stopped = false;
    const fill = () => {
      while (queue.length < this.prefetch && next < slices.length) {
        const indices = slices[next++]!;
        const pending = new Promise<Batch>((resolve, reject) => {
          setImmediate(() => {
            if (stopped) return reject(new Error('DataLoader.stream: closed'));
            try {
              resolve(collate(this.dataset, indices));
            } catch (error) {
              reject(error);
            }
          });
        });
        // A batch collated ahead and never awaited (the consumer stopped) must not surface as an
        // unhandled rejection; the consumer's own await still sees the error.
        pending.catch(() => {});
        queue.push(pending);
      }
    };
    try {
      while (queue.length > 0 || next < slices.length) {
        fill();
        const batch = await queue.shift()!;
        fill();
        yield batch;
      }
    } finally {
      stopped = true;
    }
  }

  /** The batches of an epoch, materialised: for tests and tiny data sets only (holds them all). */
  batches(epoch = 0): Batch[] {
    return [...this.iterate(epoch)];
  }
}
