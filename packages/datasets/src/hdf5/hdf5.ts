import type { Batch, Dataset } from '@bench/core';
import type { ByteImageDataset } from '../util/byte-image-dataset';

/**
 * The arrays of a CIFAR-style HDF5 file (E4's layout): `x_*` images NHWC uint8, `y_*` labels
 * stored as `(N, 1)` uint8. Image shape defaults to `[32, 32, 3]`.
 */
export interface CifarHdf5Data {
  x_train: Uint8Array;
  y_train: ArrayLike<number>;
  x_valid: Uint8Array;
  y_valid: ArrayLike<number>;
}

/** Options of `writeCifarHdf5` and `convertCifarBinaryToHdf5`. */
export interface CifarHdf5WriteOptions {
  /** Shape of one image, `[H, W, C]`. Default `[32, 32, 3]`. */
  imageShape?: readonly [number, number, number];
  /** gzip (deflate) level 1-9, or 0 for no compression. Default 4. */
  compressionLevel?: number;
  /** Images per HDF5 chunk: the unit that is compressed and read at once (a shuffled read costs
   * one chunk per image; see the README for measured trade-offs). Default 16. */
  chunkRows?: number;
  /** Class names, stored as the file attribute `class_names`. Default: CIFAR-10's. */
  classNames?: readonly string[];
}

/** The split of an HDF5 file to read: datasets `x_train`/`y_train` or `x_valid`/`y_valid`. */
export type Hdf5Split = 'train' | 'valid';

/** Options of `openHdf5Dataset`. */
export interface Hdf5DatasetOptions {
  /** Rows read per slice (a block), rounded up to whole chunks. Default: 16 chunks. */
  blockRows?: number;
  /** Blocks kept in memory (least recently used evicted). Default 4. */
  cacheBlocks?: number;
  /**
   * Number of classes; labels must be in 0..numClasses-1. Default: the file's `class_names`
   * attribute's length, else the largest label + 1 (every class in between must occur).
   */
  numClasses?: number;
}

/**
 * A data set streamed from an HDF5 file: `get` and `getBatch` read the blocks (row slices of
 * `x_<split>`) they need and keep the last few; labels are read once at open. Call `close()`
 * when done. For shuffled training over a large file prefer `loadAll()` (one sequential pass,
 * then memory) or batches of consecutive rows (`readRange`): random rows cost a block each.
 */
export interface Hdf5Dataset extends Dataset {
  readonly path: string;
  readonly split: Hdf5Split;
  readonly classNames: readonly string[];
  /** The examples at `indices`, in that order; each needed block is read at most once. */
  getBatch(indices: Int32Array): Batch;
  /** Rows `[start, start + count)` as one batch, in one slice read. */
  readRange(start: number, count: number): Batch;
  /** Reads the whole split, block by block, into memory. */
  loadAll(): ByteImageDataset;
  /** Closes the file; the data set cannot be read afterwards. */
  close(): void;
}
