import { renameSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { CIFAR10_CLASSES } from '../cifar10/cifar10';
import { DatasetError } from '../errors/dataset-error';
import { type H5Dataset, type H5File, loadH5 } from './h5';
import type { CifarHdf5Data, CifarHdf5WriteOptions, Hdf5Split } from './hdf5';

const LOADER = 'writeCifarHdf5';

/**
 * Writes a CIFAR-style HDF5 file (E4's layout): datasets `x_train` `(N, 32, 32, 3)` uint8,
 * `y_train` `(N, 1)` uint8, `x_valid`, `y_valid`, each chunked along the first axis and
 * gzip-compressed (h5wasm writes the deflate filter), plus the file attribute `class_names`.
 * Overwrites `path`. A length that does not match the image shape is a DatasetError.
 */
export async function writeCifarHdf5(
  path: string,
  data: CifarHdf5Data,
  options: CifarHdf5WriteOptions = {},
): Promise<void> {
  const writer = await CifarHdf5Writer.create(path, options);
  try {
    writer.append('train', data.x_train, data.y_train);
    writer.append('valid', data.x_valid, data.y_valid);
  } catch (error) {
    writer.abort();
    throw error;
  }
  writer.close();
}

/**
 * Appends images to a CIFAR-style HDF5 file split by split, so a converter never holds more than
 * one source file in memory. Datasets are created on the first append of their split with an
 * unlimited first axis, and grown (resize + write_slice) on the next ones. The file is written as
 * `<path>.partial` and renamed to `path` by `close()`, so a failed run never leaves a file that
 * looks complete; `abort()` deletes it.
 */
export class CifarHdf5Writer {
  private readonly sets = new Map<Hdf5Split, { x: H5Dataset; y: H5Dataset; rows: number }>();

  private constructor(
    private readonly file: H5File,
    private readonly path: string,
    private readonly imageShape: readonly [number, number, number],
    private readonly compressionLevel: number,
    private readonly chunkRows: number,
  ) {}

  /** Starts writing `path` (as `<path>.partial`) with the `class_names` attribute. */
  static async create(path: string, options: CifarHdf5WriteOptions = {}): Promise<CifarHdf5Writer> {
    const imageShape = options.imageShape ?? [32, 32, 3];
    const level = options.compressionLevel ?? 4;
    const chunkRows = options.chunkRows ?? 16;
    if (imageShape.length !== 3 || imageShape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new DatasetError(
        LOADER,
        `option imageShape must be [H, W, C] of positive integers, got [${imageShape.join(', ')}]`,
        {
          parameter: 'imageShape',
        },
      );
    }
    if (!Number.isInteger(level) || level < 0 || level > 9) {
      throw new DatasetError(LOADER, `option compressionLevel must be an integer 0..9, got ${level}`, {
        parameter: 'compressionLevel',
      });
    }
    if (!Number.isInteger(chunkRows) || chunkRows < 1) {
      throw new DatasetError(LOADER, `option chunkRows must be a positive integer, got ${chunkRows}`, {
        parameter: 'chunkRows',
      });
    }
    const h5 = await loadH5(LOADER);
    const abs = resolve(path);
    let file: H5File;
    try {
      file = new h5.File(`${abs}.partial`, 'w');
    } catch (error) {
      throw new DatasetError(
        LOADER,
        `cannot create "${abs}" (${String(error)}); check that its folder exists and is writable`,
        {
          path: abs,
          cause: error,
        },
      );
    }
    file.create_attribute('class_names', [...(options.classNames ?? CIFAR10_CLASSES)]);
    return new CifarHdf5Writer(file, abs, imageShape, level, chunkRows);
  }

  /** Appends images (NHWC bytes) and their labels (0..255) to `x_<split>` and `y_<split>`. */
  append(split: Hdf5Split, pixels: Uint8Array, labels: ArrayLike<number>): void {
    const stride = this.imageShape[0] * this.imageShape[1] * this.imageShape[2];
    const n = labels.length;
    if (n === 0 || pixels.length !== n * stride) {
      throw new DatasetError(
        LOADER,
        `x_${split} has ${pixels.length} bytes but y_${split} has ${n} labels; with images of shape [${this.imageShape.join(', ')}] x_${split} needs ${n} x ${stride} = ${n * stride} bytes (and at least one image)`,
        { path: this.path, parameter: `x_${split}` },
      );
    }
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const v = labels[i]!;
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw new DatasetError(LOADER, `y_${split}[${i}] is ${v}; labels must be integers 0..255`, {
          path: this.path,
          parameter: `y_${split}`,
        });
      }
      y[i] = v;
    }
    const existing = this.sets.get(split);
    if (!existing) {
      const filter =
        this.compressionLevel > 0
          ? { compression: 'gzip' as const, compression_opts: [this.compressionLevel] }
          : {};
      const x = this.file.create_dataset({
        name: `x_${split}`,
        data: pixels,
        shape: [n, ...this.imageShape],
        maxshape: [null, ...this.imageShape],
        dtype: '<B',
        chunks: [Math.min(this.chunkRows, n), ...this.imageShape],
        ...filter,
      });
      const yd = this.file.create_dataset({
        name: `y_${split}`,
        data: y,
        shape: [n, 1],
        maxshape: [null, 1],
        dtype: '<B',
        chunks: [Math.min(4096, n), 1],
        ...filter,
      });
      this.sets.set(split, { x, y: yd, rows: n });
      return;
    }
    const rows = existing.rows + n;
    existing.x.resize([rows, ...this.imageShape]);
    existing.x.write_slice([[existing.rows, rows]], pixels);
    existing.y.resize([rows, 1]);
    existing.y.write_slice([[existing.rows, rows]], y);
    existing.rows = rows;
  }

  /** Rows written so far to a split. */
  rows(split: Hdf5Split): number {
    return this.sets.get(split)?.rows ?? 0;
  }

  /** Flushes and closes the file and moves it to its final path. */
  close(): void {
    this.file.close();
    renameSync(`${this.path}.partial`, this.path);
  }

  /** Closes and deletes the partial file (after a failure). */
  abort(): void {
    try {
      this.file.close();
    } finally {
      rmSync(`${this.path}.partial`, { force: true });
    }
  }
}
