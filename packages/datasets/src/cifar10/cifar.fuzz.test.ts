import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { FUZZ, damagedFile, expectBoundedMemory, expectNamedError, withinMs } from '../__fixtures__/fuzz';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10';
import { loadCifar10 } from './read-cifar-binary';

let dir: string;
beforeAll(async () => {
  dir = join(mkdtempSync(join(tmpdir(), 'fuzz-cifar-')), 'cifar-10-batches-bin');
  await writeCifarBinaryFolder(dir, 2, 2);
});

describe('fuzz: loadCifar10 (binary)', () => {
  it('a damaged file in the folder gives a consistent data set or a named error', async () => {
    const files = [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES];
    const originals = Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f))]));
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...files),
        fc.constantFrom(...files).chain((f) => damagedFile(originals[f]!)),
        async (file, bytes) => {
          const path = join(dir, file);
          writeFileSync(path, bytes);
          try {
            for (const split of ['train', 'test'] as const) {
              try {
                const ds = await withinMs(loadCifar10(dir, { split }), 10_000, 'loadCifar10');
                expect(ds.pixels.length).toBe(ds.length * 3072);
                for (const l of ds.labels) expect(l >= 0 && l <= 9).toBe(true);
              } catch (error) {
                expectNamedError(error, dir.split('/').slice(0, -1).join('/'));
              }
            }
          } finally {
            writeFileSync(path, originals[file]!);
          }
          expectBoundedMemory();
        },
      ),
      FUZZ,
    );
  });
});
