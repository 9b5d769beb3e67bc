import { describe, expect, it } from 'vitest';
import { DataLoader } from './data-loader';
import { TensorDataset } from './dataset';
import { discDataset } from './disc';
import { RandomSplitter } from './random-splitter';

function counting(n: number): TensorDataset {
  const x = Float32Array.from({ length: n * 2 }, (_, i) => i);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return new TensorDataset(x, y, [2], 3);
}

describe('DataLoader', () => {
  it('keeps order without shuffling and keeps the last partial batch', () => {
    const batches = new DataLoader(counting(10), { batchSize: 4 }).batches();
    expect(batches.map((b) => b.y.shape[0])).toEqual([4, 4, 2]);
    expect(Array.from(batches[0]!.x.data.slice(0, 4))).toEqual([0, 1, 2, 3]);
    expect(batches[2]!.x.shape).toEqual([2, 2]);
  });

  it('drops the last partial batch on request', () => {
    const loader = new DataLoader(counting(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(loader.batches().length).toBe(2);
  });

  it('shuffles reproducibly per seed and differently per epoch', () => {
    const a = new DataLoader(counting(50), { batchSize: 50, shuffle: true, seed: 7 });
    const b = new DataLoader(counting(50), { batchSize: 50, shuffle: true, seed: 7 });
    expect(Array.from(a.order(0))).toEqual(Array.from(b.order(0)));
    expect(Array.from(a.order(0))).not.toEqual(Array.from(a.order(1)));
    expect([...a.order(0)].sort((p, q) => p - q)).toEqual([...Array(50).keys()]);
  });

  it('rejects a bad batch size naming the value', () => {
    expect(() => new DataLoader(counting(3), { batchSize: 0 })).toThrow(
      /batchSize must be a positive integer, got 0/,
    );
  });
});

describe('RandomSplitter', () => {
  it('splits 80/20 with a seed, disjoint and complete', () => {
    const { train, valid } = new RandomSplitter(0.2, 42).split(100);
    expect(valid.length).toBe(20);
    expect(train.length).toBe(80);
    expect(new Set([...train, ...valid]).size).toBe(100);
    expect(Array.from(new RandomSplitter(0.2, 42).split(100).valid)).toEqual(Array.from(valid));
    expect(Array.from(new RandomSplitter(0.2, 43).split(100).valid)).not.toEqual(Array.from(valid));
  });

  it('gives dataset views that read through', () => {
    const ds = counting(10);
    const { train, valid } = new RandomSplitter(0.3, 1).apply(ds);
    expect(train.length + valid.length).toBe(10);
    const b = new DataLoader(valid, { batchSize: 3 }).batches()[0]!;
    expect(b.x.shape).toEqual([3, 2]);
  });

  it('rejects an out-of-range percentage', () => {
    expect(() => new RandomSplitter(1.5)).toThrow(/validPct must be in \(0, 1\), got 1.5/);
  });
});

describe('discDataset (E3)', () => {
  it('labels the quarter disc x^2 + y^2 < 1/(2 pi) and normalises by the overall mean and std', () => {
    const ds = discDataset({ n: 1000, seed: 0 });
    expect(ds.length).toBe(1000);
    const { mean, std } = ds.stats;
    let inside = 0;
    let m = 0;
    for (let i = 0; i < ds.length; i++) {
      const { x, y } = ds.get(i);
      const a = x[0]! * std + mean;
      const b = x[1]! * std + mean;
      expect(a).toBeGreaterThanOrEqual(-1e-6);
      expect(a).toBeLessThan(1 + 1e-6);
      const expected = a * a + b * b < 1 / (2 * Math.PI) ? 1 : 0;
      // float32 rounding can only matter on the boundary itself
      if (Math.abs(a * a + b * b - 1 / (2 * Math.PI)) > 1e-5) expect(y).toBe(expected);
      inside += y;
      m += x[0]! + x[1]!;
    }
    expect(inside / 1000).toBeGreaterThan(0.09);
    expect(inside / 1000).toBeLessThan(0.16);
    expect(Math.abs(m / 2000)).toBeLessThan(1e-5);
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });

  it('reuses given statistics for a held-out set', () => {
    const train = discDataset({ seed: 0 });
    const valid = discDataset({ seed: 1, stats: train.stats });
    expect(valid.stats).toEqual(train.stats);
    expect(Array.from(valid.x.slice(0, 4))).not.toEqual(Array.from(train.x.slice(0, 4)));
  });
});
