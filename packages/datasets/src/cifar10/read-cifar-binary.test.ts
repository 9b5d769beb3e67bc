import { mkdtemp, rm, truncate, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '@bench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCifarRecords, sameBytes, writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { CIFAR10_CLASSES } from './cifar10';
import { decodeCifarRecords, loadCifar10 } from './read-cifar-binary';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-cifar-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CIFAR-10 binary', () => {
  it('converts CHW planes to NHWC', () => {
    const rec = new Uint8Array(3073);
    rec[0] = 7;
    rec[1 + 5] = 11; // R of pixel 5
    rec[1 + 1024 + 5] = 22; // G of pixel 5
    rec[1 + 2048 + 5] = 33; // B of pixel 5
    rec[1 + 2048 + 1023] = 44; // B of the last pixel
    const { pixels, labels } = decodeCifarRecords(rec, 'mem');
    expect(labels[0]).toBe(7);
    expect(Array.from(pixels.subarray(15, 18))).toEqual([11, 22, 33]);
    expect(pixels[3071]).toBe(44);
  });

  it('loads train and test splits with class names, limit and float pixels', async () => {
    const dir = join(root, 'cifar-10-batches-bin');
    const truth = await writeCifarBinaryFolder(dir, 60, 40);
    const train = await loadCifar10(root); // parent folder works too
    expect(train.length).toBe(300);
    expect(train.inputShape).toEqual([32, 32, 3]);
    expect(train.classNames).toEqual(CIFAR10_CLASSES);
    expect(Array.from(train.labels)).toEqual(Array.from(truth.train.labels));
    expect(sameBytes(train.pixels, truth.train.pixels)).toBe(true);
    const ex = train.get(123);
    expect(ex.y).toBe(truth.train.labels[123]);
    expect(ex.x[5]).toBeCloseTo(truth.train.pixels[123 * 3072 + 5]! / 255, 7);

    const test = await loadCifar10(dir, { split: 'test' });
    expect(test.length).toBe(40);
    expect(sameBytes(test.pixels, truth.test.pixels)).toBe(true);

    const limited = await loadCifar10(dir, { limit: 70 });
    expect(limited.length).toBe(70);
    expect(sameBytes(limited.pixels, truth.train.pixels.subarray(0, 70 * 3072))).toBe(true);
  });

  it('reports a truncated file with its size, the record size and the path', async () => {
    const dir = join(root, 'truncated');
    await writeCifarBinaryFolder(dir, 3, 2);
    await truncate(join(dir, 'data_batch_2.bin'), 3 * 3073 - 100);
    const err = await loadCifar10(dir).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toContain(join(dir, 'data_batch_2.bin'));
    expect(err.message).toContain(`${3 * 3073 - 100} bytes`);
    expect(err.message).toContain('multiple of 3073');
  });

  it('says where to put a missing file, and rejects a bad label', async () => {
    const dir = join(root, 'missing');
    await writeCifarBinaryFolder(dir, 2, 2);
    await unlink(join(dir, 'data_batch_4.bin'));
    await expect(loadCifar10(dir)).rejects.toThrow(
      /missing ".*data_batch_4\.bin"; put the CIFAR-10 binary files/,
    );
    const labels = Int32Array.of(12);
    await writeFile(join(dir, 'test_batch.bin'), encodeCifarRecords(new Uint8Array(3072), labels));
    await expect(loadCifar10(dir, { split: 'test' })).rejects.toThrow(/label 12, expected 0\.\.9/);
    await expect(loadCifar10(dir, { limit: 0 })).rejects.toThrow(/limit must be a positive integer, got 0/);
  });
});
