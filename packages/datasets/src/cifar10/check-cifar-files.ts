/**
 * Whole-file checks of a CIFAR-10 binary folder, from file sizes alone (before reading a byte).
 * A record is 3073 bytes, so a file cut inside a record is caught by its size; a file cut exactly
 * at a record boundary is a valid-looking shorter file. The release's files all hold 10,000
 * records, so: every training file must hold as many records as the largest one (a shorter one
 * is truncated), and when the training files are the full 10,000, so must the test file. A
 * hand-made subset (all training files equally short) stays readable.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError } from '../errors/dataset-error';
import { CIFAR10_RECORD_BYTES, CIFAR10_TEST_FILES, CIFAR10_TRAIN_FILES } from './cifar10';

/** Records per file in the official CIFAR-10 binary release. */
export const CIFAR10_RECORDS_PER_FILE = 10_000;

const recordsIn = (path: string): number | undefined => {
  try {
    return statSync(path).size / CIFAR10_RECORD_BYTES;
  } catch {
    return undefined; // missing files are reported by the reader, with where to put them
  }
};

/**
 * Throws a DatasetError naming the file, the record where it ends and the rule when a file of
 * the folder `binDir` is truncated (inside a record, or at a record boundary as described above).
 */
export function checkCifarFiles(binDir: string, loader: string): void {
  const train = CIFAR10_TRAIN_FILES.map((f) => ({ path: join(binDir, f), n: recordsIn(join(binDir, f)) }));
  const test = CIFAR10_TEST_FILES.map((f) => ({ path: join(binDir, f), n: recordsIn(join(binDir, f)) }));
  for (const { path, n } of [...train, ...test]) {
    if (n !== undefined && (n === 0 || !Number.isInteger(n))) {
      throw new DatasetError(
        loader,
        `"${path}" has ${Math.round(n * CIFAR10_RECORD_BYTES)} bytes, not a positive multiple of ${CIFAR10_RECORD_BYTES} (one CIFAR-10 record): it ends inside record ${Math.floor(n)}, so it is truncated or not from the binary version (cifar-10-binary.tar.gz); download it again`,
        { path },
      );
    }
  }
  const counts = train.map((t) => t.n).filter((n): n is number => n !== undefined);
  if (counts.length === 0) return;
  const full = Math.max(...counts);
  for (const { path, n } of train) {
    if (n !== undefined && n < full) {
      throw new DatasetError(
        loader,
        `"${path}" holds ${n} records (it ends after record ${n - 1}) but the other training files hold ${full}; every CIFAR-10 training file holds the same number (${CIFAR10_RECORDS_PER_FILE} in the release): the file is truncated, download it again`,
        { path },
      );
    }
  }
  if (full === CIFAR10_RECORDS_PER_FILE) {
    for (const { path, n } of test) {
      if (n !== undefined && n !== CIFAR10_RECORDS_PER_FILE) {
        throw new DatasetError(
          loader,
          `"${path}" holds ${n} records (it ends after record ${n - 1}) but the CIFAR-10 test file holds ${CIFAR10_RECORDS_PER_FILE}: the file is truncated, download it again`,
          { path },
        );
      }
    }
  }
}
