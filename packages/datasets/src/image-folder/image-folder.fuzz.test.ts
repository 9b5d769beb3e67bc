import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUZZ, damagedFile, expectBoundedMemory, expectNamedError, withinMs } from '../__fixtures__/fuzz';
import { generateShapesImageFolder } from './generate-shapes-image-folder';
import { loadImageFolder } from './load-image-folder';

let dir: string;
let files: readonly string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-img-'));
  files = (await generateShapesImageFolder(dir, { perClass: 2, size: 16, seed: 5 })).files;
});

describe('fuzz: loadImageFolder', () => {
  it('a damaged image gives a data set (the file skipped and listed, or decoded) or a named error', async () => {
    const originals = files.map((f) => readFileSync(f));
    await fc.assert(
      fc.asyncProperty(
        fc.nat(files.length - 1).chain((i) => fc.tuple(fc.constant(i), damagedFile(originals[i]!))),
        async ([i, bytes]) => {
          writeFileSync(files[i]!, bytes);
          try {
            const ds = await withinMs(
              loadImageFolder(dir, { size: 8, onProgress: () => {} }),
              20_000,
              'loadImageFolder',
            );
            expect(ds.length + ds.skipped.length).toBe(files.length);
            expect(ds.pixels.length).toBe(ds.length * 8 * 8 * 3);
          } catch (error) {
            expectNamedError(error, dir);
          } finally {
            writeFileSync(files[i]!, originals[i]!);
          }
          expectBoundedMemory();
        },
      ),
      { ...FUZZ, numRuns: 60 },
    );
  });
});
