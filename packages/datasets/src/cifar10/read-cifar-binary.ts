import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../errors/dataset-error';
import { ByteImageDataset } from '../util/byte-image-dataset';
import { checkCifarFiles } from './check-cifar-files';
import {
  CIFAR10_CLASSES,
  CIFAR10_FOLDER,
  CIFAR10_IMAGE_BYTES,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
  type Split,
} from './cifar10';

const LOADER = 'loadCifar10';

/** Options of `loadCifar10`. */
export interface Cifar10Options {
  /** `train` (data_batch_1..5, 50,000 images) or `test` (test_batch, 10,000). Default `train`. */
  split?: Split;
  /** Read at most this many images (from the first files on), e.g. for a quick run. */
  limit?: number;
}

/** Images and labels decoded from CIFAR-10 binary records: pixels NHWC `[n, 32, 32, 3]`. */
export interface CifarRecords {
  pixels: Uint8Array;
  labels: Int32Array;
}

/**
 * Decodes CIFAR-10 binary records (3073 bytes each: a label byte, then the 1024 red, 1024 green
 * and 1024 blue bytes of a 32x32 image, each plane row-major) into NHWC pixels and labels. At
 * most `limit` records are decoded. A buffer whose size is not a multiple of 3073 (a truncated
 * download, the wrong file) or a label above 9 is a DatasetError naming `path`, the size and the
 * fix.
 */
export function decodeCifarRecords(
  buffer: Uint8Array,
  path: string,
  limit = Number.POSITIVE_INFINITY,
): CifarRecords {
  if (buffer.length === 0 || buffer.length % CIFAR10_RECORD_BYTES !== 0) {
    throw new DatasetError(
      LOADER,
      `"${path}" has ${buffer.length} bytes, not a positive multiple of ${CIFAR10_RECORD_BYTES} (one CIFAR-10 record); the file is truncated or not from the binary version (cifar-10-binary.tar.gz): download it again`,
      { path },
    );
  }
  const n = Math.min(buffer.length / CIFAR10_RECORD_BYTES, limit);
  const pixels = new Uint8Array(n * CIFAR10_IMAGE_BYTES);
  const labels = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * CIFAR10_RECORD_BYTES;
    const label = buffer[base]!;
    if (label > 9) {
      throw new DatasetError(
        LOADER,
        `"${path}" record ${r} has label ${label}, expected 0..9; the file is not CIFAR-10 binary data`,
        { path },
      );
    }
    labels[r] = label;
    const out = r * CIFAR10_IMAGE_BYTES;
    for (let p = 0; p < 1024; p++) {
      pixels[out + 3 * p] = buffer[base + 1 + p]!;
      pixels[out + 3 * p + 1] = buffer[base + 1025 + p]!;
      pixels[out + 3 * p + 2] = buffer[base + 2049 + p]!;
    }
  }
  return { pixels, labels };
}

/**
 * Finds the folder holding the CIFAR-10 binary files: `dir` itself if it has `data_batch_1.bin`
 * or `test_batch.bin`, else `dir/cifar-10-batches-bin` (where the official archive extracts to);
 * undefined when neither has them.
 */
export function findCifarBinaryDir(dir: string): string | undefined {
  const root = resolve(dir);
  for (const candidate of [root, join(root, CIFAR10_FOLDER)]) {
    if ([...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].some((f) => existsSync(join(candidate, f))))
      return candidate;
  }
  return undefined;
}

/**
 * Loads one split of CIFAR-10 from the official binary version in `dir` (the folder with
 * `data_batch_1.bin` .. `data_batch_5.bin` and `test_batch.bin`, or its parent): a data set of
 * `[32, 32, 3]` images (NHWC, float32 / 255), 10 classes, class names from `batches.meta.txt`
 * when present. Files are read one at a time and decoded into one byte buffer; `limit` stops
 * early. A missing file or a wrong-sized one (including one cut at a record boundary, see
 * check-cifar-files.ts) is a DatasetError saying which and where to put it.
 */
export async function loadCifar10(dir: string, options: Cifar10Options = {}): Promise<ByteImageDataset> {
  const split = options.split ?? 'train';
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  if (split !== 'train' && split !== 'test') {
    throw new DatasetError(LOADER, `option split must be "train" or "test", got ${JSON.stringify(split)}`, {
      parameter: 'split',
    });
  }
  if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit > 0))) {
    throw new DatasetError(LOADER, `option limit must be a positive integer, got ${limit}`, {
      parameter: 'limit',
    });
  }
  const files = split === 'train' ? CIFAR10_TRAIN_FILES : CIFAR10_TEST_FILES;
  const binDir = findCifarBinaryDir(dir) ?? resolve(dir);
  checkCifarFiles(binDir, LOADER);
  const parts: CifarRecords[] = [];
  let count = 0;
  for (const file of files) {
    if (count >= limit) break;
    const path = join(binDir, file);
    const size = await stat(path).then(
      (s) => s.size,
      () => -1,
    );
    if (size < 0) {
      throw new DatasetError(
        LOADER,
        `missing "${path}"; put the CIFAR-10 binary files (${[...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].join(', ')}) in "${binDir}", e.g. by extracting cifar-10-binary.tar.gz there, or call downloadCifar10()`,
        { path },
      );
    }
    const records = decodeCifarRecords(await readFile(path), path, limit - count);
    parts.push(records);
    count += records.labels.length;
  }
  const pixels = new Uint8Array(count * CIFAR10_IMAGE_BYTES);
  const labels = new Int32Array(count);
  let offset = 0;
  for (const part of parts) {
    pixels.set(part.pixels, offset * CIFAR10_IMAGE_BYTES);
    labels.set(part.labels, offset);
    offset += part.labels.length;
  }
  const classNames = await readClassNames(binDir);
  return new ByteImageDataset(pixels, labels, [32, 32, 3], 10, classNames);
}

/** Class names from `batches.meta.txt` (one per line) when it lists ten, else the standard ones. */
export async function readClassNames(binDir: string): Promise<readonly string[]> {
  const text = await readFile(join(binDir, 'batches.meta.txt'), 'utf8').catch(() => undefined);
  const names = text
    ?.split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  return names && names.length === 10 ? names : CIFAR10_CLASSES;
}
