import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '@bench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomImages, sameBytes, writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { loadCifar10 } from '../cifar10/read-cifar-binary';
import { convertCifarBinaryToHdf5 } from './convert-cifar-binary-to-hdf5';
import { loadH5 } from './h5';
import { openHdf5Dataset } from './open-hdf5-dataset';
import { writeCifarHdf5 } from './write-cifar-hdf5';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-h5-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CIFAR HDF5', () => {
  it('writes E4 layout, chunked and gzip-compressed, and reads it back slice by slice', async () => {
    const train = randomImages(150, 3);
    // a compressible valid set (constant images) shows the deflate filter works
    const valid = {
      pixels: new Uint8Array(50 * 3072).fill(77),
      labels: Int32Array.from({ length: 50 }, (_, i) => i % 10),
    };
    const path = join(root, 'small.h5');
    await writeCifarHdf5(
      path,
      { x_train: train.pixels, y_train: train.labels, x_valid: valid.pixels, y_valid: valid.labels },
      { chunkRows: 32 },
    );
    expect(existsSync(`${path}.partial`)).toBe(false);

    const h5 = await loadH5();
    const f = new h5.File(path, 'r');
    try {
      const x = f.get('x_train') as InstanceType<typeof h5.Dataset>;
      expect(x.shape).toEqual([150, 32, 32, 3]);
      expect(x.metadata.chunks).toEqual([32, 32, 32, 3]);
      expect(x.filters.map((fl) => fl.name)).toEqual(['deflate']);
      expect(x.metadata.size).toBe(1);
      expect((f.get('y_train') as InstanceType<typeof h5.Dataset>).shape).toEqual([150, 1]);
      expect((f.get('x_valid') as InstanceType<typeof h5.Dataset>).shape).toEqual([50, 32, 32, 3]);
    } finally {
      f.close();
    }
    // 150 random images (incompressible, 460,800 bytes) + 50 constant ones (153,600 bytes, ~0 compressed)
    expect((await stat(path)).size).toBeLessThan(150 * 3072 + 50_000);

    const ds = await openHdf5Dataset(path, 'train', { blockRows: 32, cacheBlocks: 2 });
    try {
      expect(ds.length).toBe(150);
      expect(ds.inputShape).toEqual([32, 32, 3]);
      expect(ds.numClasses).toBe(10);
      expect(ds.classNames[0]).toBe('airplane');
      const ex = ds.get(149);
      expect(ex.y).toBe(train.labels[149]);
      expect(ex.x[100]).toBeCloseTo(train.pixels[149 * 3072 + 100]! / 255, 7);
      const idx = Int32Array.of(5, 140, 33, 5, 64);
      const batch = ds.getBatch(idx);
      expect(batch.x.shape).toEqual([5, 32, 32, 3]);
      expect(Array.from(batch.y.data)).toEqual(Array.from(idx, (i) => train.labels[i]!));
      for (let k = 0; k < idx.length; k++) {
        const i = idx[k]!;
        expect(batch.x.data[k * 3072 + 7]).toBeCloseTo(train.pixels[i * 3072 + 7]! / 255, 7);
        expect(batch.x.data[k * 3072 + 3071]).toBeCloseTo(train.pixels[i * 3072 + 3071]! / 255, 7);
      }
      const range = ds.readRange(40, 30);
      expect(range.x.shape).toEqual([30, 32, 32, 3]);
      expect(range.x.data[0]).toBeCloseTo(train.pixels[40 * 3072]! / 255, 7);
      expect(Array.from(range.y.data)).toEqual(Array.from(train.labels.subarray(40, 70)));
      expect(() => ds.readRange(140, 20)).toThrow(/not inside \[0, 150\)/);
      // a near-sequential batch (cached blocks) and a scattered one (chunk reads) agree with readRange
      const seq = ds.getBatch(Int32Array.from({ length: 30 }, (_, i) => 40 + i));
      expect(Array.from(seq.x.data)).toEqual(Array.from(range.x.data));
      const scattered = ds.getBatch(Int32Array.of(69, 0, 41, 100, 149, 40));
      expect(Array.from(scattered.x.data.subarray(3072, 2 * 3072))).toEqual(Array.from(ds.get(0).x));
      expect(Array.from(scattered.x.data.subarray(0, 3072))).toEqual(
        Array.from(range.x.data.subarray(29 * 3072, 30 * 3072)),
      );
      expect(Array.from(scattered.x.data.subarray(5 * 3072))).toEqual(
        Array.from(range.x.data.subarray(0, 3072)),
      );
      const all = ds.loadAll();
      expect(sameBytes(all.pixels, train.pixels)).toBe(true);
    } finally {
      ds.close();
    }
    const v = await openHdf5Dataset(path, 'valid');
    expect(v.length).toBe(50);
    expect(v.get(3).y).toBe(3);
    v.close();
    expect(() => v.get(0)).toThrow(/closed/);
  });

  it('converts the binary version file by file and matches loadCifar10', async () => {
    const src = join(root, 'bin');
    await writeCifarBinaryFolder(src, 40, 30, 9);
    const out = join(root, 'converted.h5');
    expect(await convertCifarBinaryToHdf5(src, out)).toEqual({ train: 200, valid: 30 });
    const ds = await openHdf5Dataset(out, 'train');
    const ref = await loadCifar10(src);
    try {
      const all = ds.loadAll();
      expect(sameBytes(all.pixels, ref.pixels)).toBe(true);
      expect(Array.from(all.labels)).toEqual(Array.from(ref.labels));
      expect(ds.classNames).toEqual(ref.classNames);
    } finally {
      ds.close();
    }
    await expect(convertCifarBinaryToHdf5(join(root, 'nothing'), join(root, 'x.h5'))).rejects.toThrow(
      /no CIFAR-10 binary files/,
    );
  });

  it('names a missing dataset, a wrong shape and a mismatched length', async () => {
    const h5 = await loadH5();
    const path = join(root, 'bad.h5');
    const f = new h5.File(path, 'w');
    f.create_dataset({ name: 'x_train', data: new Uint8Array(4 * 3072), shape: [4, 3072], dtype: '<B' });
    f.create_dataset({ name: 'y_train', data: new Uint8Array(4), shape: [4, 1], dtype: '<B' });
    f.create_dataset({ name: 'x_valid', data: new Uint8Array(4 * 3072), shape: [4, 32, 32, 3], dtype: '<B' });
    f.create_dataset({ name: 'y_valid', data: new Uint8Array(3), shape: [3, 1], dtype: '<B' });
    f.close();
    const wrongShape = await openHdf5Dataset(path, 'train').catch((e) => e);
    expect(BenchError.isInstance(wrongShape)).toBe(true);
    expect(wrongShape.message).toContain('x_train has shape [4, 3072], expected (N, H, W, C)');
    await expect(openHdf5Dataset(path, 'valid')).rejects.toThrow(
      /y_valid has shape \[3, 1\], expected \(4, 1\)/,
    );

    const only = join(root, 'only-train.h5');
    const t = randomImages(2, 1);
    await writeCifarHdf5(only, {
      x_train: t.pixels,
      y_train: t.labels,
      x_valid: t.pixels,
      y_valid: t.labels,
    });
    const g = new h5.File(join(root, 'no-valid.h5'), 'w');
    g.create_dataset({ name: 'x_train', data: t.pixels, shape: [2, 32, 32, 3], dtype: '<B' });
    g.close();
    await expect(openHdf5Dataset(join(root, 'no-valid.h5'), 'train')).rejects.toThrow(
      /has no dataset "y_train" \(found: x_train\)/,
    );
    await expect(openHdf5Dataset(join(root, 'absent.h5'), 'train')).rejects.toThrow(/no file .*absent\.h5/);
    await expect(
      writeCifarHdf5(join(root, 'w.h5'), {
        x_train: new Uint8Array(100),
        y_train: [1],
        x_valid: t.pixels,
        y_valid: t.labels,
      }),
    ).rejects.toThrow(/x_train has 100 bytes but y_train has 1 labels/);
    expect(existsSync(join(root, 'w.h5'))).toBe(false);
    expect(existsSync(join(root, 'w.h5.partial'))).toBe(false);
  });
});
