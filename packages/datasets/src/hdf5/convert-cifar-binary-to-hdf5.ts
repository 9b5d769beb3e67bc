import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { checkCifarFiles } from '../cifar10/check-cifar-files';
import { CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from '../cifar10/cifar10';
import { decodeCifarRecords, findCifarBinaryDir } from '../cifar10/read-cifar-binary';
import { DatasetError } from '../errors/dataset-error';
import type { CifarHdf5WriteOptions } from './hdf5';
import { CifarHdf5Writer } from './write-cifar-hdf5';

/**
 * Converts the CIFAR-10 binary version in `srcDir` (the folder with `data_batch_*.bin` and
 * `test_batch.bin`, or its parent) into one HDF5 file in E4's layout: `x_train`/`y_train` from
 * the five training files, `x_valid`/`y_valid` from the test file. Reads and appends one source
 * file at a time (about 30 MB), so memory stays flat. Returns the number of rows per split.
 */
export async function convertCifarBinaryToHdf5(
  srcDir: string,
  outPath: string,
  options: CifarHdf5WriteOptions = {},
): Promise<{ train: number; valid: number }> {
  const dir = findCifarBinaryDir(srcDir);
  if (!dir) {
    throw new DatasetError(
      'convertCifarBinaryToHdf5',
      `no CIFAR-10 binary files in "${resolve(srcDir)}" or its cifar-10-batches-bin/; pass the folder holding data_batch_1.bin .. test_batch.bin (downloadCifar10() returns it)`,
      { path: resolve(srcDir) },
    );
  }
  checkCifarFiles(dir, 'convertCifarBinaryToHdf5');
  const writer = await CifarHdf5Writer.create(outPath, options);
  try {
    for (const [split, files] of [
      ['train', CIFAR10_TRAIN_FILES],
      ['valid', CIFAR10_TEST_FILES],
    ] as const) {
      for (const file of files) {
        const path = join(dir, file);
        const buffer = await readFile(path).catch((error) => {
          throw new DatasetError(
            'convertCifarBinaryToHdf5',
            `cannot read "${path}" (${(error as Error).message}); put the file there`,
            {
              path,
              cause: error,
            },
          );
        });
        const { pixels, labels } = decodeCifarRecords(buffer, path);
        writer.append(split, pixels, labels);
      }
    }
  } catch (error) {
    writer.abort();
    throw error;
  }
  const rows = { train: writer.rows('train'), valid: writer.rows('valid') };
  writer.close();
  return rows;
}
