import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DatasetError } from '../errors/dataset-error';
import { ByteImageDataset } from '../util/byte-image-dataset';
import { loadSharp } from '../util/load-sharp';
import { terminalProgress } from '../util/progress';
import { decodeImageRgb } from './decode-image';
import type { ImageFolderDataset, ImageFolderOptions, SkippedFile } from './image-folder';

const LOADER = 'loadImageFolder';

/**
 * Loads an image folder with one sub-folder per class (`dir/bird/*.jpg`, `dir/forest/*.png`): the
 * label of an image is the index of its parent folder among the sorted class names. Every image
 * is decoded with sharp, squished to `size` x `size` RGB and kept as bytes in one buffer (served
 * as float32 / 255, NHWC), decoding `concurrency` files at a time. Corrupt and non-image files
 * are skipped and listed in `skipped`, never fatal; hidden files (`.DS_Store`) are ignored.
 * Symbolic links to class folders and to images are followed; a broken class-folder link is an
 * error and a broken image link is listed in `skipped`. A
 * missing folder, a folder without class sub-folders, or a class with no usable image is a
 * DatasetError naming the path and the fix.
 */
export async function loadImageFolder(
  dir: string,
  options: ImageFolderOptions = {},
): Promise<ImageFolderDataset> {
  const size = options.size ?? 192;
  const concurrency = options.concurrency ?? 4;
  if (!Number.isInteger(size) || size < 1) {
    throw new DatasetError(
      LOADER,
      `option size must be a positive integer, got ${size}; pass e.g. { size: 192 }`,
      { parameter: 'size' },
    );
  }
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new DatasetError(
      LOADER,
      `option concurrency must be a positive integer, got ${concurrency}; pass e.g. { concurrency: 4 }`,
      {
        parameter: 'concurrency',
      },
    );
  }
  const root = resolve(dir);
  const classNames = await listClassFolders(root, options.classes);
  const entries: { path: string; label: number }[] = [];
  const skipped: SkippedFile[] = [];
  for (const [label, name] of classNames.entries()) {
    const files = await listFiles(join(root, name), skipped);
    if (files.length === 0) {
      throw new DatasetError(
        LOADER,
        `class folder "${join(root, name)}" is empty; put at least one image of class "${name}" in it, or remove the folder`,
        { path: join(root, name) },
      );
    }
    for (const f of files) entries.push({ path: join(root, name, f), label });
  }

  const stride = size * size * 3;
  const decoded: (Uint8Array | undefined)[] = new Array(entries.length);
  const bar = options.onProgress
    ? { onProgress: options.onProgress, stop() {} }
    : terminalProgress('images', 'files');
  // Fails here, once, when sharp is absent or broken, rather than as a skip reason per file.
  await loadSharp(LOADER);
  // p-limit is ESM-only: a dynamic import keeps the CommonJS build working.
  const { default: pLimit } = await import('p-limit');
  const limit = pLimit(concurrency);
  let done = 0;
  try {
    await Promise.all(
      entries.map((entry, i) =>
        limit(async () => {
          try {
            decoded[i] = await decodeImageRgb(entry.path, size);
          } catch (error) {
            skipped.push({
              path: entry.path,
              reason: error instanceof Error ? error.message : String(error),
            });
          }
          done++;
          bar.onProgress?.({ done, total: entries.length, item: entry.path });
        }),
      ),
    );
  } finally {
    bar.stop();
  }

  const kept = entries.map((e, i) => ({ ...e, pixels: decoded[i] })).filter((e) => e.pixels !== undefined);
  for (const [label, name] of classNames.entries()) {
    if (!kept.some((e) => e.label === label)) {
      throw new DatasetError(
        LOADER,
        `class folder "${join(root, name)}" has no readable image (${skipped.filter((s) => s.path.startsWith(join(root, name))).length} files skipped, e.g. ${skipped.find((s) => s.path.startsWith(join(root, name)))?.reason}); add JPEG/PNG/WebP images or remove the folder`,
        { path: join(root, name) },
      );
    }
  }
  const pixels = new Uint8Array(kept.length * stride);
  const labels = new Int32Array(kept.length);
  kept.forEach((e, i) => {
    pixels.set(e.pixels!, i * stride);
    labels[i] = e.label;
  });
  skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new LoadedImageFolder(
    pixels,
    labels,
    size,
    classNames,
    kept.map((e) => e.path),
    skipped,
  );
}

/** The data set `loadImageFolder` returns: the bytes plus where each example came from. */
class LoadedImageFolder extends ByteImageDataset implements ImageFolderDataset {
  constructor(
    pixels: Uint8Array,
    labels: Int32Array,
    size: number,
    override readonly classNames: readonly string[],
    readonly files: readonly string[],
    readonly skipped: readonly SkippedFile[],
  ) {
    super(pixels, labels, [size, size, 3], classNames.length, classNames);
  }
}

async function listClassFolders(root: string, wanted: readonly string[] | undefined): Promise<string[]> {
  let names: string[];
  try {
    const dirents = await readdir(root, { withFileTypes: true });
    names = [];
    for (const d of dirents) {
      if (d.name.startsWith('.')) continue;
      if (d.isDirectory()) names.push(d.name);
      else if (d.isSymbolicLink()) {
        // A symlinked class folder is followed; a broken link is an error, never silently dropped.
        const target = await stat(join(root, d.name)).catch((error: Error) => error);
        if (target instanceof Error) {
          throw new DatasetError(
            LOADER,
            `"${join(root, d.name)}" is a symbolic link whose target cannot be read (${target.message}); fix or remove the link`,
            { path: join(root, d.name) },
          );
        }
        if (target.isDirectory()) names.push(d.name);
      }
    }
  } catch (error) {
    if (error instanceof DatasetError) throw error;
    throw new DatasetError(
      LOADER,
      `cannot read image folder "${root}" (${(error as Error).message}); pass an existing folder with one sub-folder per class`,
      { path: root, cause: error },
    );
  }
  if (wanted) {
    const missing = wanted.filter((c) => !names.includes(c));
    if (missing.length > 0) {
      throw new DatasetError(
        LOADER,
        `class folders ${missing.map((m) => `"${m}"`).join(', ')} not found in "${root}" (found: ${names.join(', ') || 'none'}); create them or fix option classes`,
        { path: root, parameter: 'classes' },
      );
    }
    return [...wanted];
  }
  if (names.length === 0) {
    throw new DatasetError(
      LOADER,
      `image folder "${root}" has no class sub-folders; put the images in one sub-folder per class, e.g. ${join(root, 'bird')}/*.jpg and ${join(root, 'forest')}/*.jpg`,
      { path: root },
    );
  }
  return names.sort();
}

/** Files of a class folder (symlinked files followed); broken links go to `skipped`, with why. */
async function listFiles(folder: string, skipped: SkippedFile[]): Promise<string[]> {
  const dirents = await readdir(folder, { withFileTypes: true });
  const files: string[] = [];
  for (const d of dirents) {
    if (d.name.startsWith('.')) continue;
    if (d.isFile()) files.push(d.name);
    else if (d.isSymbolicLink()) {
      const target = await stat(join(folder, d.name)).catch((error: Error) => error);
      if (target instanceof Error)
        skipped.push({ path: join(folder, d.name), reason: `broken symbolic link: ${target.message}` });
      else if (target.isFile()) files.push(d.name);
    }
  }
  return files.sort();
}
