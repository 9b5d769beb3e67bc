import { truncate } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../__fixtures__/cifar-fixtures';
import { convertCifarBinaryToHdf5 } from '../hdf5/convert-cifar-binary-to-hdf5';
import { checkCifarFiles } from './check-cifar-files';
import { CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10';
import { loadCifar10 } from './read-cifar-binary';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-cifar-cut-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('CIFAR-10 files cut at a record boundary', () => {
  it('a training file shorter than the others is truncated: named file, last record, rule', async () => {
    const dir = join(root, 'cut');
    await writeCifarBinaryFolder(dir, 3, 2);
    await truncate(join(dir, 'data_batch_2.bin'), 2 * CIFAR10_RECORD_BYTES);
    const message =
      /"[^"]*data_batch_2\.bin" holds 2 records \(it ends after record 1\) but the other training files hold 3; every CIFAR-10 training file holds the same number/;
    await expect(loadCifar10(dir)).rejects.toThrow(message);
    await expect(loadCifar10(dir, { split: 'test' })).rejects.toThrow(message);
    await expect(convertCifarBinaryToHdf5(dir, join(root, 'x.h5'))).rejects.toThrow(message);
  });
  it('in a full-size release (10,000 records per file) a shorter test file is truncated', async () => {
    const dir = join(root, 'full');
    await writeCifarBinaryFolder(dir, 1, 1);
    // Sparse files: the check reads sizes only, so 30 MB files cost nothing here.
    for (const f of CIFAR10_TRAIN_FILES) await truncate(join(dir, f), 10_000 * CIFAR10_RECORD_BYTES);
    await truncate(join(dir, CIFAR10_TEST_FILES[0]!), 9_999 * CIFAR10_RECORD_BYTES);
    expect(() => checkCifarFiles(dir, 'loadCifar10')).toThrow(
      /"[^"]*test_batch\.bin" holds 9999 records \(it ends after record 9998\) but the CIFAR-10 test file holds 10000/,
    );
    await truncate(join(dir, CIFAR10_TEST_FILES[0]!), 10_000 * CIFAR10_RECORD_BYTES);
    expect(() => checkCifarFiles(dir, 'loadCifar10')).not.toThrow();
  });
  it('a file cut inside a record names the record it ends in', async () => {
    const dir = join(root, 'inside');
    await writeCifarBinaryFolder(dir, 3, 2);
    await truncate(join(dir, 'test_batch.bin'), CIFAR10_RECORD_BYTES + 5);
    await expect(loadCifar10(dir, { split: 'test' })).rejects.toThrow(
      /test_batch\.bin" has 3078 bytes.*ends inside record 1/,
    );
  });
});
