import { BenchError } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { loadMnist } from './load-mnist';

describe('loadMnist', () => {
  it('returns disjoint, seeded 28x28x1 splits of real digits in [0, 1]', async () => {
    const { train, test } = await loadMnist({ train: 300, test: 100, seed: 1 });
    expect(train.length).toBe(300);
    expect(test.length).toBe(100);
    expect(train.inputShape).toEqual([28, 28, 1]);
    expect(train.numClasses).toBe(10);
    let min = 1;
    let max = 0;
    for (const v of train.x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect(min).toBe(0);
    expect(max).toBeGreaterThan(0.95);
    expect(max).toBeLessThanOrEqual(1);
    // a shuffle of all digits: every class appears
    expect(new Set(train.y).size).toBe(10);
    // real digits have ink in the middle and none in the corners
    const ink = (ds: typeof train, p: number) =>
      ds.x.filter((_, i) => i % 784 === p).reduce((a, b) => a + b, 0) / ds.length;
    expect(ink(train, 14 * 28 + 14)).toBeGreaterThan(0.2);
    expect(ink(train, 0)).toBe(0);
    // disjoint: no test image equals a training image
    const key = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');
    const trainKeys = new Set(Array.from({ length: train.length }, (_, i) => key(train.get(i).x)));
    for (let i = 0; i < test.length; i++) expect(trainKeys.has(key(test.get(i).x))).toBe(false);
    // seeded
    const again = await loadMnist({ train: 300, test: 100, seed: 1 });
    expect(Array.from(again.train.y)).toEqual(Array.from(train.y));
    const other = await loadMnist({ train: 300, test: 100, seed: 2 });
    expect(Array.from(other.train.y)).not.toEqual(Array.from(train.y));
  });

  it('rejects more digits than the package has', async () => {
    const err = await loadMnist({ train: 9000, test: 2000 }).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toContain('exceeds the 10000 digits');
  });
});
