/**
 * The E3 "disc" dataset: points uniform in [0,1]^2, label 1 inside the quarter disc
 * x^2 + y^2 < 1/(2*pi) (area 1/8: about 12.5% of the points), else 0; inputs normalised by the mean and
 * standard deviation of all input values (one scalar each, as the original post does).
 */
import { Rng } from '../util/random';
import { TensorDataset } from './dataset';

export interface DiscOptions {
  /** Number of points (default 1000). */
  n?: number;
  seed?: number;
  /** Normalise with these statistics instead of the data's own (e.g. a training set's). */
  stats?: { mean: number; std: number };
}

/** A disc dataset plus the normalisation statistics it used. */
export interface DiscDataset extends TensorDataset {
  readonly stats: { mean: number; std: number };
}

export function discDataset(options: DiscOptions = {}): DiscDataset {
  const n = options.n ?? 1000;
  if (!Number.isInteger(n) || n < 1)
    throw new RangeError(`discDataset: n must be a positive integer, got ${n}`);
  const rng = new Rng(options.seed ?? 0);
  const raw = new Float64Array(2 * n);
  const y = new Int32Array(n);
  const r2 = 1 / (2 * Math.PI);
  for (let i = 0; i < n; i++) {
    const a = rng.next();
    const b = rng.next();
    raw[2 * i] = a;
    raw[2 * i + 1] = b;
    y[i] = a * a + b * b < r2 ? 1 : 0;
  }
  let stats = options.stats;
  if (!stats) {
    let mean = 0;
    for (const v of raw) mean += v;
    mean /= raw.length;
    let variance = 0;
    for (const v of raw) variance += (v - mean) ** 2;
    // torch.std default: unbiased
    stats = { mean, std: Math.sqrt(variance / (raw.length - 1)) };
  }
  const x = new Float32Array(2 * n);
  for (let i = 0; i < raw.length; i++) x[i] = (raw[i]! - stats.mean) / stats.std;
  const ds = new TensorDataset(x, y, [2], 2, ['outside', 'inside']) as TensorDataset & {
    stats: { mean: number; std: number };
  };
  Object.defineProperty(ds, 'stats', { value: stats, enumerable: true });
  return ds as DiscDataset;
}
