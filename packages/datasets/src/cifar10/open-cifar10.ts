import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Batch, Dataset, Example } from '@bench/core';
import { DatasetError } from '../errors/dataset-error';
import {
  CIFAR10_IMAGE_BYTES,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
} from './cifar10';
import type { Cifar10Options } from './read-cifar-binary';
import { findCifarBinaryDir, readClassNames } from './read-cifar-binary';

const LOADER = 'openCifar10';
/** Bytes read at a time while collecting the labels at open. */
const SCAN_BYTES = CIFAR10_RECORD_BYTES * 1024;

/** One binary file of a split and the global index of its first record. */
interface Part {
  path: string;
  first: number;
  count: number;
  fd?: number;
}

/**
 * One split of CIFAR-10 (binary version) read from its files as batches are collated, instead of
 * loaded: only the labels stay in memory (4 bytes per image); each image's 3073-byte record is
 * read with one positioned read when its batch is built and converted to NHWC float32 / 255, the
 * same values as `loadCifar10`. The operating system's page cache, not the process, holds the
 * files, so a 50,000-image training set adds about 200 KB to the process instead of 154 MB.
 * Call `close()` when done (file descriptors are opened on first use).
 */
export class CifarBinaryFileDataset implements Dataset {
  readonly inputShape = [32, 32, 3] as const;
  readonly numClasses = 10;
  private readonly record = new Uint8Array(CIFAR10_RECORD_BYTES);

  constructor(
    private readonly parts: readonly Part[],
    readonly labels: Int32Array,
    readonly classNames: readonly string[],
  ) {}

  get length(): number {
    return this.labels.length;
  }

  get(index: number): Example {
    const x = new Float32Array(CIFAR10_IMAGE_BYTES);
    this.readInto(index, x, 0);
    return { x, y: this.labels[index]! };
  }

  getBatch(indices: Int32Array): Batch {
    const n = indices.length;
    const xs = new Float32Array(n * CIFAR10_IMAGE_BYTES);
    const ys = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      this.readInto(indices[i]!, xs, i * CIFAR10_IMAGE_BYTES);
      ys[i] = this.labels[indices[i]!]!;
    }
    return {
      x: { dtype: 'float32', shape: [n, 32, 32, 3], data: xs },
      y: { dtype: 'int32', shape: [n], data: ys },
    };
  }

  /** Closes the files (a later read reopens them). */
  close(): void {
    for (const p of this.parts) {
      if (p.fd !== undefined) closeSync(p.fd);
      p.fd = undefined;
    }
  }

  /** Reads record `index` and writes its pixels, planar RGB to NHWC, scaled by 1/255. */
  private readInto(index: number, dst: Float32Array, offset: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`${LOADER}: index ${index} is out of range [0, ${this.length})`);
    }
    const part = this.parts.find((p) => index < p.first + p.count)!;
    part.fd ??= openSync(part.path, 'r');
    const r = this.record;
    const got = readSync(part.fd, r, 0, r.length, (index - part.first) * CIFAR10_RECORD_BYTES);
    if (got !== r.length) {
      throw new DatasetError(
        LOADER,
        `"${part.path}" ended inside record ${index - part.first} (read ${got} of ${r.length} bytes); the file changed after it was opened: open the data set again`,
        { path: part.path },
      );
    }
    for (let p = 0; p < 1024; p++) {
      dst[offset + 3 * p] = r[1 + p]! / 255;
      dst[offset + 3 * p + 1] = r[1025 + p]! / 255;
      dst[offset + 3 * p + 2] = r[2049 + p]! / 255;
    }
  }
}

/**
 * Opens one split of CIFAR-10 from the binary version in `dir` (as `loadCifar10` finds it) as a
 * data set read from disk batch by batch. The files are checked at open (present, a positive
 * multiple of 3073 bytes, every label 0..9) in one streamed pass that keeps only the labels.
 * Errors are DatasetErrors naming the file and the fix.
 */
export async function openCifar10(
  dir: string,
  options: Cifar10Options = {},
): Promise<CifarBinaryFileDataset> {
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
  const binDir = findCifarBinaryDir(dir) ?? resolve(dir);
  const parts: Part[] = [];
  const labelParts: Uint8Array[] = [];
  let count = 0;
  for (const file of split === 'train' ? CIFAR10_TRAIN_FILES : CIFAR10_TEST_FILES) {
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
    if (size === 0 || size % CIFAR10_RECORD_BYTES !== 0) {
      throw new DatasetError(
        LOADER,
        `"${path}" has ${size} bytes, not a positive multiple of ${CIFAR10_RECORD_BYTES} (one CIFAR-10 record); the file is truncated or not from the binary version (cifar-10-binary.tar.gz): download it again`,
        { path },
      );
    }
    const n = Math.min(size / CIFAR10_RECORD_BYTES, limit - count);
    labelParts.push(scanLabels(path, n));
    parts.push({ path, first: count, count: n });
    count += n;
  }
  const labels = new Int32Array(count);
  let at = 0;
  for (const l of labelParts) {
    labels.set(l, at);
    at += l.length;
  }
  const classNames = await readClassNames(binDir);
  return new CifarBinaryFileDataset(parts, labels, classNames);
}

/** The label byte of the first `n` records of `path`, read in blocks; a label above 9 is an error. */
function scanLabels(path: string, n: number): Uint8Array {
  const labels = new Uint8Array(n);
  const block = new Uint8Array(SCAN_BYTES);
  const fd = openSync(path, 'r');
  try {
    for (let r = 0; r < n; ) {
      const records = Math.min(SCAN_BYTES / CIFAR10_RECORD_BYTES, n - r);
      const want = records * CIFAR10_RECORD_BYTES;
      const got = readSync(fd, block, 0, want, r * CIFAR10_RECORD_BYTES);
      if (got !== want)
        throw new DatasetError(LOADER, `"${path}" ended early while reading record ${r}`, { path });
      for (let k = 0; k < records; k++, r++) {
        const label = block[k * CIFAR10_RECORD_BYTES]!;
        if (label > 9) {
          throw new DatasetError(
            LOADER,
            `"${path}" record ${r} has label ${label}, expected 0..9; the file is not CIFAR-10 binary data`,
            { path },
          );
        }
        labels[r] = label;
      }
    }
  } finally {
    closeSync(fd);
  }
  return labels;
}
