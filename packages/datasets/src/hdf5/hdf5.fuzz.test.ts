import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomImages } from '../__fixtures__/cifar-fixtures';
import { FUZZ, damagedFile, expectBoundedMemory, expectNamedError, withinMs } from '../__fixtures__/fuzz';
import { openHdf5Dataset } from './open-hdf5-dataset';
import { writeCifarHdf5 } from './write-cifar-hdf5';

let dir: string;
let valid: Uint8Array;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-h5-'));
  const a = randomImages(8, 1);
  const path = join(dir, 'valid.h5');
  await writeCifarHdf5(
    path,
    { x_train: a.pixels, y_train: a.labels, x_valid: a.pixels, y_valid: a.labels },
    { chunkRows: 4 },
  );
  valid = readFileSync(path);
});
afterEach(() => vi.restoreAllMocks());

describe('fuzz: openHdf5Dataset', () => {
  it('random bytes and mutated files give a consistent data set or a named error, and print nothing', async () => {
    const printed: string[] = [];
    const capture = (c: unknown) => {
      printed.push(String(c));
      return true;
    };
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    vi.spyOn(console, 'error').mockImplementation(capture);
    vi.spyOn(console, 'warn').mockImplementation(capture);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(damagedFile(valid), async (bytes) => {
        const path = join(dir, `case-${n++}.h5`);
        writeFileSync(path, bytes);
        try {
          const ds = await withinMs(openHdf5Dataset(path, 'train'), 10_000, 'openHdf5Dataset');
          try {
            const all = ds.loadAll();
            expect(all.pixels.length).toBe(ds.length * 3072);
            for (const l of all.labels) expect(l >= 0 && l < ds.numClasses).toBe(true);
          } finally {
            ds.close();
          }
        } catch (error) {
          expectNamedError(error, path);
        }
        expectBoundedMemory();
      }),
      { ...FUZZ, numRuns: 80 },
    );
    expect(printed.join('')).not.toMatch(/HDF5-DIAG/);
  });
});
