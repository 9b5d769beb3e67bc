import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Batch, Example } from '@bench/core';
import { formatShape, sizeOf } from '@bench/core';
import { DatasetError } from '../errors/dataset-error';
import { ByteImageDataset } from '../util/byte-image-dataset';
import { type H5Dataset, type H5File, loadH5 } from './h5';
import type { Hdf5Dataset, Hdf5DatasetOptions, Hdf5Split } from './hdf5';

const LOADER = 'openHdf5Dataset';

/**
 * Opens one split of a CIFAR-style HDF5 file (E4's layout: `x_<split>` `(N, H, W, C)` uint8 or
 * float32, `y_<split>` `(N, 1)` or `(N,)` integer labels) as a streamed data set: pixels are read
 * block by block (slices of the first axis, aligned to the file's chunks) when asked for, uint8
 * scaled by 1/255, float32 as stored. Labels and the `class_names` attribute are read at open.
 * A missing file or dataset, a wrong rank, or x and y of different lengths is a DatasetError
 * naming the file, the dataset, the shape found and the expected one.
 */
export async function openHdf5Dataset(
  path: string,
  split: Hdf5Split,
  options: Hdf5DatasetOptions = {},
): Promise<Hdf5Dataset> {
  const abs = resolve(path);
  if (split !== 'train' && split !== 'valid') {
    throw new DatasetError(LOADER, `split must be "train" or "valid", got ${JSON.stringify(split)}`, {
      parameter: 'split',
    });
  }
  if (!existsSync(abs)) {
    throw new DatasetError(
      LOADER,
      `no file "${abs}"; write one with writeCifarHdf5() or convertCifarBinaryToHdf5()`,
      { path: abs },
    );
  }
  const h5 = await loadH5(LOADER);
  let file: H5File;
  try {
    file = new h5.File(abs, 'r');
  } catch (error) {
    throw new DatasetError(LOADER, `cannot open "${abs}" as HDF5 (${String(error)}); is it an HDF5 file?`, {
      path: abs,
      cause: error,
    });
  }
  try {
    return new StreamedHdf5Dataset(file, abs, split, options);
  } catch (error) {
    file.close();
    throw error;
  }
}

class StreamedHdf5Dataset implements Hdf5Dataset {
  readonly length: number;
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly classNames: readonly string[];
  private readonly x: H5Dataset;
  private readonly labels: Int32Array;
  private readonly stride: number;
  private readonly bytes: boolean;
  private readonly blockRows: number;
  private readonly chunkRows: number;
  private readonly cacheBlocks: number;
  /** Block index -> rows, in least-recently-used order (Map keeps insertion order). */
  private readonly cache = new Map<number, Uint8Array | Float32Array>();
  private closed = false;

  constructor(
    private readonly file: H5File,
    readonly path: string,
    readonly split: Hdf5Split,
    options: Hdf5DatasetOptions,
  ) {
    const x = this.dataset(`x_${split}`);
    const y = this.dataset(`y_${split}`);
    const xShape = x.shape ?? [];
    const yShape = y.shape ?? [];
    if (xShape.length !== 4) {
      throw new DatasetError(
        LOADER,
        `"${path}" dataset x_${split} has shape ${formatShape(xShape)}, expected (N, H, W, C) such as (N, 32, 32, 3); write images NHWC`,
        { path, parameter: `x_${split}` },
      );
    }
    const n = xShape[0]!;
    if (
      !(
        (yShape.length === 1 && yShape[0] === n) ||
        (yShape.length === 2 && yShape[0] === n && yShape[1] === 1)
      )
    ) {
      throw new DatasetError(
        LOADER,
        `"${path}" dataset y_${split} has shape ${formatShape(yShape)}, expected (${n}, 1) or (${n}) to match x_${split} ${formatShape(xShape)}`,
        { path, parameter: `y_${split}` },
      );
    }
    const meta = x.metadata;
    // h5wasm type classes: 0 integer, 1 float.
    if (meta.type === 0 && meta.size === 1 && !meta.signed) this.bytes = true;
    else if (meta.type === 1 && meta.size === 4) this.bytes = false;
    else {
      throw new DatasetError(
        LOADER,
        `"${path}" dataset x_${split} has dtype ${String(x.dtype)}, expected uint8 (pixels 0..255) or float32 (pixels 0..1)`,
        { path, parameter: `x_${split}` },
      );
    }
    const rawLabels = y.value as ArrayLike<number | bigint>;
    this.labels = Int32Array.from(rawLabels, (v) => Number(v));
    this.x = x;
    this.length = n;
    this.inputShape = xShape.slice(1);
    this.stride = sizeOf(this.inputShape);
    const chunkRows = meta.chunks?.[0] ?? 64;
    this.chunkRows = chunkRows;
    const wanted = options.blockRows ?? chunkRows * 16;
    this.blockRows = Math.max(chunkRows, Math.ceil(wanted / chunkRows) * chunkRows);
    this.cacheBlocks = options.cacheBlocks ?? 4;
    const attr = file.attrs.class_names?.value;
    const names = Array.isArray(attr) ? attr.map(String) : typeof attr === 'string' ? [attr] : undefined;
    const maxLabel = this.labels.reduce((m, v) => Math.max(m, v), 0);
    this.classNames =
      names && names.length > maxLabel ? names : Array.from({ length: maxLabel + 1 }, (_, i) => String(i));
    this.numClasses = this.classNames.length;
  }

  get(index: number): Example {
    this.check(index);
    const x = new Float32Array(this.stride);
    this.copyRow(index, x, 0);
    return { x, y: this.labels[index]! };
  }

  getBatch(indices: Int32Array): Batch {
    const n = indices.length;
    const xs = new Float32Array(n * this.stride);
    const ys = new Int32Array(n);
    for (const j of indices) this.check(j);
    // Visit rows in file order, grouped, so each needed slice is read at most once per batch.
    const order = Array.from(indices.keys()).sort((a, b) => indices[a]! - indices[b]!);
    const blocks = new Set(Array.from(indices, (j) => Math.floor(j / this.blockRows)));
    if (blocks.size <= this.cacheBlocks) {
      // Near-sequential batch: whole blocks, cached for the next batch.
      for (const i of order) this.copyRow(indices[i]!, xs, i * this.stride);
    } else {
      // Scattered batch (a shuffled epoch): read only the chunks holding the rows, uncached;
      // a block per row would decompress blockRows / chunkRows times more.
      let group: number[] = [];
      const flush = () => {
        const c = Math.floor(indices[group[0]!]! / this.chunkRows);
        const start = c * this.chunkRows;
        const rows = this.read(start, Math.min(this.length, start + this.chunkRows));
        for (const i of group) this.copyFrom(rows, (indices[i]! - start) * this.stride, xs, i * this.stride);
        group = [];
      };
      for (const i of order) {
        if (
          group.length > 0 &&
          Math.floor(indices[group[0]!]! / this.chunkRows) !== Math.floor(indices[i]! / this.chunkRows)
        )
          flush();
        group.push(i);
      }
      if (group.length > 0) flush();
    }
    for (let i = 0; i < n; i++) ys[i] = this.labels[indices[i]!]!;
    return {
      x: { dtype: 'float32', shape: [n, ...this.inputShape], data: xs },
      y: { dtype: 'int32', shape: [n], data: ys },
    };
  }

  readRange(start: number, count: number): Batch {
    if (
      !Number.isInteger(start) ||
      !Number.isInteger(count) ||
      start < 0 ||
      count < 1 ||
      start + count > this.length
    ) {
      throw new RangeError(
        `readRange: rows [${start}, ${start + count}) are not inside [0, ${this.length}) of "${this.path}" x_${this.split}`,
      );
    }
    const rows = this.read(start, start + count);
    const xs = rows instanceof Float32Array ? rows : scale(rows);
    return {
      x: { dtype: 'float32', shape: [count, ...this.inputShape], data: xs },
      y: { dtype: 'int32', shape: [count], data: this.labels.slice(start, start + count) },
    };
  }

  loadAll(): ByteImageDataset {
    if (!this.bytes) {
      throw new DatasetError(
        LOADER,
        `loadAll keeps pixels as bytes, but "${this.path}" x_${this.split} is float32; read it with readRange instead`,
        {
          path: this.path,
        },
      );
    }
    const pixels = new Uint8Array(this.length * this.stride);
    for (let start = 0; start < this.length; start += this.blockRows) {
      const end = Math.min(this.length, start + this.blockRows);
      pixels.set(this.read(start, end) as Uint8Array, start * this.stride);
    }
    return new ByteImageDataset(
      pixels,
      this.labels.slice(),
      this.inputShape,
      this.numClasses,
      this.classNames,
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.cache.clear();
    this.file.close();
  }

  private dataset(name: string): H5Dataset {
    const entity = this.file.get(name);
    if (!entity || !('slice' in entity) || !('shape' in entity)) {
      throw new DatasetError(
        LOADER,
        `"${this.path}" has no dataset "${name}" (found: ${this.file.keys().join(', ') || 'nothing'}); expected E4's layout x_train, y_train, x_valid, y_valid, as writeCifarHdf5() writes`,
        { path: this.path, parameter: name },
      );
    }
    return entity as H5Dataset;
  }

  private read(start: number, end: number): Uint8Array | Float32Array {
    if (this.closed)
      throw new DatasetError(LOADER, `"${this.path}" is closed; open it again with openHdf5Dataset()`, {
        path: this.path,
      });
    const out = this.x.slice([[start, end]]);
    if (!(out instanceof Uint8Array) && !(out instanceof Float32Array)) {
      throw new DatasetError(
        LOADER,
        `reading rows ${start}..${end} of "${this.path}" x_${this.split} returned no typed array`,
        { path: this.path },
      );
    }
    return out;
  }

  private copyRow(index: number, dst: Float32Array, offset: number): void {
    const b = Math.floor(index / this.blockRows);
    let block = this.cache.get(b);
    if (block) {
      this.cache.delete(b);
    } else {
      block = this.read(b * this.blockRows, Math.min(this.length, (b + 1) * this.blockRows));
      if (this.cache.size >= this.cacheBlocks) this.cache.delete(this.cache.keys().next().value as number);
    }
    this.cache.set(b, block);
    this.copyFrom(block, (index - b * this.blockRows) * this.stride, dst, offset);
  }

  private copyFrom(rows: Uint8Array | Float32Array, base: number, dst: Float32Array, offset: number): void {
    if (rows instanceof Float32Array) dst.set(rows.subarray(base, base + this.stride), offset);
    else for (let k = 0; k < this.stride; k++) dst[offset + k] = rows[base + k]! / 255;
  }

  private check(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(
        `index ${index} is out of range [0, ${this.length}) of "${this.path}" x_${this.split}`,
      );
    }
  }
}

function scale(bytes: Uint8Array): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i]! / 255;
  return out;
}
