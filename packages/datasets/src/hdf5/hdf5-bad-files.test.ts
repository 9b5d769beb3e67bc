/**
 * Bad HDF5 files, crafted here: each must be one DatasetError naming the file (and the record
 * and the rule for labels), with nothing printed by the HDF5 C library and nothing allocated for
 * sizes the file cannot hold.
 */
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { randomImages } from '../__fixtures__/cifar-fixtures';
import { type H5File, loadH5 } from './h5';
import { openHdf5Dataset } from './open-hdf5-dataset';
import { writeCifarHdf5 } from './write-cifar-hdf5';

let root: string;
let good: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-h5-bad-'));
  good = join(root, 'good.h5');
  const a = randomImages(40, 1);
  await writeCifarHdf5(good, { x_train: a.pixels, y_train: a.labels, x_valid: a.pixels, y_valid: a.labels });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

let stderr: string[] = [];
beforeAll(() => {
  stderr = [];
});
afterEach(() => {
  vi.restoreAllMocks();
});
const quiet = () => {
  stderr = [];
  const spy = (c: unknown) => {
    stderr.push(String(c));
    return true;
  };
  vi.spyOn(process.stderr, 'write').mockImplementation(spy);
  vi.spyOn(console, 'error').mockImplementation(spy);
  vi.spyOn(console, 'warn').mockImplementation(spy);
};

async function failure(path: string): Promise<string> {
  quiet();
  try {
    const ds = await openHdf5Dataset(path, 'train');
    ds.loadAll();
    ds.close();
  } catch (error) {
    expect((error as Error).name).toBe('BenchError.Dataset');
    expect((error as Error).message).toContain(path);
    expect(stderr.join('')).not.toMatch(/HDF5-DIAG/);
    return (error as Error).message;
  }
  return 'loaded';
}

/** A file written with h5wasm directly: `y_train` as given, x_train 4 images of 32x32x3. */
async function craft(name: string, build: (f: H5File) => void): Promise<string> {
  const h5 = await loadH5();
  const path = join(root, name);
  const f = new h5.File(path, 'w');
  build(f);
  f.close();
  return path;
}
const x4 = (f: H5File, n = 4) =>
  f.create_dataset({ name: 'x_train', data: new Uint8Array(n * 3072), shape: [n, 32, 32, 3], dtype: '<B' });

describe('HDF5 files that are not what they claim', () => {
  it('zero-byte file', async () => {
    const path = join(root, 'zero.h5');
    writeFileSync(path, '');
    expect(await failure(path)).toMatch(/is empty \(0 bytes\)/);
  });
  it('not an HDF5 file: named error, the library cause, and no HDF5 diagnostics on stderr', async () => {
    const path = join(root, 'text.h5');
    writeFileSync(path, 'this is not HDF5 at all\n'.repeat(40));
    expect(await failure(path)).toMatch(/cannot open ".*text.h5" as HDF5 \(file signature not found\)/);
  });
  it('truncated file', async () => {
    const path = join(root, 'cut.h5');
    writeFileSync(path, readFileSync(good));
    truncateSync(path, Math.floor(readFileSync(good).length / 2));
    expect(await failure(path)).toMatch(/truncated or damaged/);
  });
  it('a small file claiming 2e9 rows is refused before anything is allocated', async () => {
    const path = await craft('huge.h5', (f) => {
      const x = f.create_dataset({
        name: 'x_train',
        data: new Uint8Array(3072),
        shape: [1, 32, 32, 3],
        maxshape: [null, 32, 32, 3],
        chunks: [1, 32, 32, 3],
        dtype: '<B',
      });
      x.resize([2e9, 32, 32, 3]);
      const y = f.create_dataset({
        name: 'y_train',
        data: new Uint8Array(1),
        shape: [1],
        maxshape: [null],
        chunks: [1],
        dtype: '<B',
      });
      y.resize([2e9]);
    });
    const rss = process.memoryUsage().rss;
    expect(await failure(path)).toMatch(
      /claims x_train \[2000000000, 32, 32, 3\].* more than even deflate's best ratio/,
    );
    expect(process.memoryUsage().rss - rss).toBeLessThan(512 * 1024 * 1024);
  });
});

describe('HDF5 labels must be integers in 0..classes-1', () => {
  const withLabels = (
    name: string,
    data: Uint8Array | Int32Array | Float32Array,
    dtype: string,
    names = true,
  ) =>
    craft(name, (f) => {
      if (names) f.create_attribute('class_names', ['a', 'b', 'c']);
      x4(f);
      f.create_dataset({ name: 'y_train', data, shape: [4], dtype });
    });
  it('label 200 with 3 class names', async () => {
    const path = await withLabels('l200.h5', Uint8Array.of(0, 1, 200, 2), '<B');
    expect(await failure(path)).toMatch(
      /y_train record 2 has label 200; labels must be integers in 0\.\.2 \(the file's 3 class_names\)/,
    );
  });
  it('label -1', async () => {
    const path = await withLabels('lneg.h5', Int32Array.of(0, -1, 1, 2), '<i');
    expect(await failure(path)).toMatch(
      /y_train record 1 has label -1; labels must be integers in 0\.\.classes-1/,
    );
  });
  it('label 0.5', async () => {
    const path = await withLabels('lhalf.h5', Float32Array.of(0, 1, 0.5, 2), '<f');
    expect(await failure(path)).toMatch(/y_train record 2 has label 0.5/);
  });
  it('label 200 without class names: a skipped class is an error, not a 201-class model', async () => {
    const path = await withLabels('lskip.h5', Uint8Array.of(0, 1, 200, 2), '<B', false);
    expect(await failure(path)).toMatch(/skip class 3 \(record 2 has label 200\)/);
  });
  it('valid labels without class names still open', async () => {
    const path = await withLabels('lok.h5', Uint8Array.of(0, 1, 2, 1), '<B', false);
    expect(await failure(path)).toBe('loaded');
  });
});
