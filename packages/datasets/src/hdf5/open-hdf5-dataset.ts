import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Batch, Example } from '@bench/core';
import { formatShape, sizeOf } from '@bench/core';
import { DatasetError } from '../errors/dataset-error';
import { ByteImageDataset } from '../util/byte-image-dataset';
import { type H5Dataset, type H5File, hdf5Cause, loadH5 } from './h5';
import type { Hdf5Dataset, Hdf5DatasetOptions, Hdf5Split } from './hdf5';

const LOADER = 'openHdf5Dataset';
/** deflate's best compression ratio (zlib: 1032:1): no HDF5 file holds more raw bytes than this. */
const MAX_DEFLATE_RATIO = 1032;

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
  const size = statSync(abs).size;
  if (size === 0) {
    throw new DatasetError(LOADER, `"${abs}" is empty (0 bytes); write it again with writeCifarHdf5()`, {
      path: abs,
    });
  }
  const h5 = await loadH5(LOADER);
  let file: H5File;
  try {
    file = new h5.File(abs, 'r');
  } catch (error) {
    throw new DatasetError(
      LOADER,
      `cannot open "${abs}" as HDF5 (${hdf5Cause(error)}): it is not an HDF5 file, or it is truncated or damaged; write it again with writeCifarHdf5() or convertCifarBinaryToHdf5()`,
      { path: abs, cause: error },
    );
  }
  // Without a throwing error handler h5wasm returns file_id -1 instead of throwing.
  if (Number(file.file_id) < 0) {
    throw new DatasetError(
      LOADER,
      `cannot open "${abs}" as HDF5 (the library returned no file): it is not an HDF5 file, or it is truncated or damaged`,
      { path: abs },
    );
  }
  try {
    return new StreamedHdf5Dataset(file, abs, split, { ...options, fileBytes: size });
  } catch (error) {
    file.close();
    if (error instanceof DatasetError || error instanceof RangeError) throw error;
    throw new DatasetError(
      LOADER,
      `cannot read "${abs}" (${hdf5Cause(error)}): the file is truncated or damaged; write it again`,
      { path: abs, cause: error },
    );
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
    options: Hdf5DatasetOptions & { fileBytes: number },
  ) {
    const x = this.dataset(`x_${split}`);
    const y = this.dataset(`y_${split}`);
    const xShape = x.shape ?? [];
    const yShape = y.shape ?? [];
    if (xShape.length !== 4 || xShape.some((d) => !Number.isSafeInteger(d) || d < 1)) {
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
    // Bound the claimed sizes by what the file can hold before allocating anything for them.
    const rawBytes = n * sizeOf(xShape.slice(1)) * meta.size + n * y.metadata.size;
    if (rawBytes > options.fileBytes * MAX_DEFLATE_RATIO) {
      throw new DatasetError(
        LOADER,
        `"${path}" claims x_${split} ${formatShape(xShape)} and y_${split} ${formatShape(yShape)} (${rawBytes} bytes of data), but the file has ${options.fileBytes} bytes: more than even deflate's best ratio (${MAX_DEFLATE_RATIO}:1) can hold; the file is damaged or not what it claims, write it again`,
        { path, parameter: `x_${split}` },
      );
    }
    this.labels = readLabels(y, path, split, n);
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
    this.classNames = classNamesFor(this.labels, names, options.numClasses, path, split);
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
    let out: unknown;
    try {
      out = this.x.slice([[start, end]]);
    } catch (error) {
      throw new DatasetError(
        LOADER,
        `cannot read rows ${start}..${end} of "${this.path}" x_${this.split} (${hdf5Cause(error)}): the file is truncated or damaged; write it again`,
        { path: this.path, cause: error },
      );
    }
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

/**
 * Reads and checks the labels: an integer or float dataset whose every value is an integer
 * (floats like 0.5 are refused, naming the record). Range checks follow in `classNamesFor`.
 */
function readLabels(y: H5Dataset, path: string, split: Hdf5Split, n: number): Int32Array {
  const type = y.metadata.type;
  if (type !== 0 && type !== 1) {
    throw new DatasetError(
      LOADER,
      `"${path}" dataset y_${split} has dtype ${String(y.dtype)}; labels must be integers (uint8 or int32)`,
      { path, parameter: `y_${split}` },
    );
  }
  const raw = y.value as ArrayLike<number | bigint>;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = Number(raw[i]);
    if (!Number.isInteger(v) || v < 0 || v > 0x7fffffff) {
      throw new DatasetError(
        LOADER,
        `"${path}" y_${split} record ${i} has label ${v}; labels must be integers in 0..classes-1`,
        { path, parameter: `y_${split}` },
      );
    }
    labels[i] = v;
  }
  return labels;
}

/**
 * The class names, with every label checked against them: labels must be integers in
 * 0..classes-1, where classes is the `class_names` attribute's length (or `numClasses`). A file
 * with neither gets numbered classes 0..max label, provided every class in between has an
 * example (a stray label 200 would otherwise silently build a 201-class model).
 */
function classNamesFor(
  labels: Int32Array,
  names: string[] | undefined,
  numClasses: number | undefined,
  path: string,
  split: Hdf5Split,
): string[] {
  const classes = numClasses ?? names?.length;
  if (classes !== undefined) {
    const source =
      numClasses !== undefined ? `numClasses ${numClasses}` : `the file's ${classes} class_names`;
    const bad = labels.findIndex((v) => v >= classes);
    if (bad >= 0) {
      throw new DatasetError(
        LOADER,
        `"${path}" y_${split} record ${bad} has label ${labels[bad]}; labels must be integers in 0..${classes - 1} (${source})`,
        { path, parameter: `y_${split}` },
      );
    }
    return names && names.length >= classes
      ? names.slice(0, classes)
      : Array.from({ length: classes }, (_, i) => names?.[i] ?? String(i));
  }
  const seen = new Uint8Array(labels.reduce((m, v) => Math.max(m, v), 0) + 1);
  for (const v of labels) seen[v] = 1;
  const missing = seen.indexOf(0);
  if (missing >= 0) {
    const at = labels.findIndex((v) => v > missing);
    throw new DatasetError(
      LOADER,
      `"${path}" y_${split} has no class_names attribute and its labels skip class ${missing} (record ${at} has label ${labels[at]}); labels must be integers in 0..classes-1 with every class present: fix the labels, or store class_names (writeCifarHdf5's classNames option) or pass numClasses`,
      { path, parameter: `y_${split}` },
    );
  }
  return Array.from({ length: seen.length }, (_, i) => String(i));
}
