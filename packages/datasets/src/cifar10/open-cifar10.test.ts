import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { DatasetError } from '../errors/dataset-error';
import { openCifar10 } from './open-cifar10';
import { loadCifar10 } from './read-cifar-binary';

describe('openCifar10', () => {
  it('serves the same examples and batches as loadCifar10, reading records on demand', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'cifar-open-')), 'cifar-10-batches-bin');
    await writeCifarBinaryFolder(dir, 7, 5);
    for (const [split, limit] of [
      ['train', undefined],
      ['train', 16],
      ['test', undefined],
    ] as const) {
      const want = await loadCifar10(dir, { split, limit });
      const got = await openCifar10(dir, { split, limit });
      try {
        expect(got.length).toBe(want.length);
        expect(Array.from(got.labels)).toEqual(Array.from(want.labels));
        expect(got.classNames).toEqual(want.classNames);
        const idx = Int32Array.from({ length: got.length }, (_, i) => (i * 5) % got.length).reverse();
        const a = got.getBatch(idx);
        const b = want.getBatch(idx);
        expect(a.x.shape).toEqual(b.x.shape);
        expect(Array.from(a.x.data)).toEqual(Array.from(b.x.data));
        expect(Array.from(a.y.data)).toEqual(Array.from(b.y.data));
        expect(Array.from(got.get(3).x)).toEqual(Array.from(want.get(3).x));
      } finally {
        got.close();
      }
    }
  });

  it('names a missing file, a wrong size and a bad label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifar-open-bad-'));
    await expect(openCifar10(dir)).rejects.toThrow(/missing ".*data_batch_1\.bin"/);
    await writeCifarBinaryFolder(dir, 2, 2);
    truncateSync(join(dir, 'test_batch.bin'), 3073 + 5);
    const size = await openCifar10(dir, { split: 'test' }).catch((e) => e);
    expect(DatasetError.isInstance(size)).toBe(true);
    expect(size.message).toMatch(/test_batch\.bin" has 3078 bytes, not a positive multiple of 3073/);
    const bad = new Uint8Array(3073 * 2);
    bad[3073] = 12;
    writeFileSync(join(dir, 'test_batch.bin'), bad);
    await expect(openCifar10(dir, { split: 'test' })).rejects.toThrow(
      /record 1 has label 12, expected 0\.\.9/,
    );
  });
});
