/**
 * RandomSplitter, as fastai's: a seeded random train/valid split of indices.
 */
import { Rng } from '../util/random';
import { SubsetDataset } from './dataset';
import type { Dataset } from './dataset';

export class RandomSplitter {
  constructor(
    readonly validPct = 0.2,
    readonly seed = 42,
  ) {
    if (!(validPct > 0 && validPct < 1)) {
      throw new RangeError(`RandomSplitter: validPct must be in (0, 1), got ${validPct}`);
    }
  }

  /** Train and valid indices of n examples (each sorted by its shuffled order). */
  split(n: number): { train: Int32Array; valid: Int32Array } {
    const idx = new Int32Array(n);
    for (let i = 0; i < n; i++) idx[i] = i;
    new Rng(this.seed).shuffle(idx);
    const nValid = Math.round(n * this.validPct);
    return { valid: idx.slice(0, nValid), train: idx.slice(nValid) };
  }

  /** Splits a dataset into two views. */
  apply(dataset: Dataset): { train: Dataset; valid: Dataset } {
    const { train, valid } = this.split(dataset.length);
    return { train: new SubsetDataset(dataset, train), valid: new SubsetDataset(dataset, valid) };
  }
}
