import type { ByteImageDataset } from '../util/byte-image-dataset';
import type { ProgressCallback } from '../util/progress';

/** Options of `loadImageFolder`. */
export interface ImageFolderOptions {
  /** Side of the square every image is resized to, by squishing (no crop). Default 192 (E1). */
  size?: number;
  /** How many images are decoded at once. Default 4 (sharp's own thread pool does the work). */
  concurrency?: number;
  /** Called after each file; default: a progress bar on stderr when it is a terminal. */
  onProgress?: ProgressCallback;
  /** Class folder names to use, in label order; default: every sub-folder, sorted. */
  classes?: readonly string[];
}

/** A file that was not loaded, and why (sharp's message). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * The result of `loadImageFolder`: the images as a data set (NHWC `[size, size, 3]`, float32 in
 * [0, 1], label = index of the parent folder in `classNames`), the file of each example, and the
 * files that were skipped.
 */
export interface ImageFolderDataset extends ByteImageDataset {
  readonly classNames: readonly string[];
  /** Path of example i's file. */
  readonly files: readonly string[];
  /** Corrupt or non-image files, never fatal. */
  readonly skipped: readonly SkippedFile[];
}

/** Options of `generateShapesImageFolder`. */
export interface ShapesImageFolderOptions {
  /** Class folder names; class 0 draws a bright blob on a sky, class 1 vertical green stripes,
   * further classes horizontal stripes and checkerboards. Default `['bird', 'forest']`. */
  classes?: readonly string[];
  /** Images per class. Default 20. */
  perClass?: number;
  /** Image side in pixels. Default 64. */
  size?: number;
  /** Seed of every random choice (positions, colours, noise). Default 42. */
  seed?: number;
  /** File format: all PNG, all JPEG, or alternating (the default, to exercise both decoders). */
  format?: 'png' | 'jpeg' | 'mixed';
}

/** What `generateShapesImageFolder` wrote. */
export interface ShapesImageFolder {
  dir: string;
  classes: readonly string[];
  files: readonly string[];
}
