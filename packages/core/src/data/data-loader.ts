/**
 * DataLoader: turns a dataset into mini-batches, in order or shuffled with a seed that changes
 * per epoch (seed + epoch), so every backend sees the same batches in the same order.
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
}

export class DataLoader {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly seed: number;
  readonly dropLast: boolean;

  constructor(
    readonly dataset: Dataset,
    options: DataLoaderOptions,
  ) {
    const { batchSize } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    }
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.seed = options.seed ?? 0;
    this.dropLast = options.dropLast ?? false;
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length / this.batchSize;
    return this.dropLast ? Math.floor(n) : Math.ceil(n);
  }

  /** The example order of an epoch (0-based). */
  order(epoch = 0): Int32Array {
    const idx = new Int32Array(this.dataset.length);
    for (let i = 0; i < idx.length; i++) idx[i] = i;
    if (this.shuffle) new Rng(this.seed + epoch).shuffle(idx);
    return idx;
  }

  /** The batches of an epoch, materialised. */
  batches(epoch = 0): Batch[] {
    const order = this.order(epoch);
    const out: Batch[] = [];
    for (let start = 0; start < order.length; start += this.batchSize) {
      const end = Math.min(start + this.batchSize, order.length);
      if (this.dropLast && end - start < this.batchSize) break;
      out.push(collate(this.dataset, order.subarray(start, end)));
    }
    return out;
  }
}
