import { describe, expect, it } from 'vitest';
import type { Batch } from '../backend/backend';
import { DataLoader } from './data-loader';
import { TensorDataset } from './dataset';
import type { Dataset } from './dataset';

function counting(n: number): TensorDataset {
  const x = Float32Array.from({ length: n * 2 }, (_, i) => i);
  const y = Int32Array.from({ length: n }, (_, i) => i % 3);
  return new TensorDataset(x, y, [2], 3);
}

/** A dataset that counts collations and can fail on one batch. */
function counted(inner: TensorDataset, failOn?: number): Dataset & { collated: number } {
  const ds = {
    collated: 0,
    length: inner.length,
    inputShape: inner.inputShape,
    numClasses: inner.numClasses,
    get: (i: number) => inner.get(i),
    getBatch(indices: Int32Array): Batch {
      if (ds.collated === failOn) throw new RangeError(`bad batch ${failOn}`);
      ds.collated++;
      return inner.getBatch(indices);
    },
  };
  return ds;
}

describe('DataLoader.stream', () => {
  it('yields the same batches as the materialised epoch, shuffled per epoch', async () => {
    const loader = new DataLoader(counting(23), { batchSize: 5, shuffle: true, seed: 3 });
    for (const epoch of [0, 1]) {
      const streamed: Batch[] = [];
      for await (const b of loader.stream(epoch)) streamed.push(b);
      const want = loader.batches(epoch);
      expect(streamed.map((b) => Array.from(b.y.data))).toEqual(want.map((b) => Array.from(b.y.data)));
      expect(streamed.map((b) => Array.from(b.x.data))).toEqual(want.map((b) => Array.from(b.x.data)));
    }
    expect(loader.samples).toBe(23);
  });

  it('collates lazily: never more than prefetch batches ahead of the consumer', async () => {
    for (const prefetch of [0, 1, 3]) {
      const ds = counted(counting(40));
      const loader = new DataLoader(ds, { batchSize: 4, prefetch });
      let pulled = 0;
      for await (const _ of loader.stream()) {
        pulled++;
        // Let every pending setImmediate run: the producer may only be prefetch batches ahead.
        await new Promise((r) => setImmediate(r));
        await new Promise((r) => setImmediate(r));
        expect(ds.collated).toBeLessThanOrEqual(pulled + prefetch);
        expect(ds.collated).toBeGreaterThanOrEqual(pulled);
      }
      expect(ds.collated).toBe(10);
    }
  });

  it('stops collating when the consumer leaves early', async () => {
    const ds = counted(counting(100));
    const loader = new DataLoader(ds, { batchSize: 10, prefetch: 2 });
    for await (const _ of loader.stream()) break;
    await new Promise((r) => setTimeout(r, 5));
    expect(ds.collated).toBeLessThanOrEqual(1);
  });

  it('passes a collation error to the consumer at that batch', async () => {
    const loader = new DataLoader(counted(counting(30), 2), { batchSize: 5 });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const b of loader.stream()) seen.push(b.y.shape[0]!);
      })(),
    ).rejects.toThrow(/bad batch 2/);
    expect(seen).toEqual([5, 5]);
  });

  it('iterate is lazy too', () => {
    const ds = counted(counting(20));
    const it = new DataLoader(ds, { batchSize: 5 }).iterate();
    expect(ds.collated).toBe(0);
    it.next();
    expect(ds.collated).toBe(1);
  });

  it('rejects a prefetch outside 0..64 and an unsafe batch size', () => {
    expect(() => new DataLoader(counting(3), { batchSize: 1, prefetch: -1 })).toThrow(/prefetch/);
    expect(() => new DataLoader(counting(3), { batchSize: 1e21 })).toThrow(/batchSize/);
  });
});
