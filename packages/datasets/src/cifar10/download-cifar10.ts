import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DatasetError } from '../errors/dataset-error';
import { defaultCacheDir } from '../util/cache-dir';
import { type ProgressCallback, terminalProgress } from '../util/progress';
import { extractTarSafely } from '../util/safe-extract';
import {
  CIFAR10_ARCHIVE,
  CIFAR10_FOLDER,
  CIFAR10_MD5,
  CIFAR10_RECORD_BYTES,
  CIFAR10_TEST_FILES,
  CIFAR10_TRAIN_FILES,
  CIFAR10_URL,
} from './cifar10';

const LOADER = 'downloadCifar10';

/** Options of `downloadCifar10`. */
export interface DownloadCifar10Options {
  /** Where the archive and the extracted folder are kept. Default: `defaultCacheDir()`. */
  cacheDir?: string;
  /** Called as bytes arrive; default: a progress bar on stderr when it is a terminal. */
  onProgress?: ProgressCallback;
  /** Archive address. Default: the official one (for mirrors and tests). */
  url?: string;
  /** Expected MD5 of the archive, hex. Default: the official archive's. */
  md5?: string;
  /** Give up when no byte arrives for this long (connecting included), in ms. Default 60,000. */
  stallTimeoutMs?: number;
}

/**
 * Makes sure the CIFAR-10 binary files are in `cacheDir/cifar-10-batches-bin` and returns that
 * folder (pass it to `loadCifar10`). Already extracted: returns at once, offline. Else it uses
 * `cacheDir/cifar-10-binary.tar.gz` if present, or downloads it from `url` with a progress bar,
 * checks its MD5 (a mismatch deletes the download and is an error), and extracts it safely with
 * `tar` (an entry with an absolute path, a `..` climbing out, or a link refuses the whole archive).
 * Offline, the DatasetError says where to put the archive or the extracted files by hand.
 */
export async function downloadCifar10(options: DownloadCifar10Options = {}): Promise<string> {
  const cacheDir = resolve(options.cacheDir ?? defaultCacheDir());
  const url = options.url ?? CIFAR10_URL;
  const md5 = (options.md5 ?? CIFAR10_MD5).toLowerCase();
  const binDir = join(cacheDir, CIFAR10_FOLDER);
  const archive = join(cacheDir, CIFAR10_ARCHIVE);
  if (await isComplete(binDir)) return binDir;
  await mkdir(cacheDir, { recursive: true });

  if (await exists(archive)) {
    const actual = await md5OfFile(archive);
    if (actual !== md5) {
      throw new DatasetError(
        LOADER,
        `"${archive}" has MD5 ${actual}, expected ${md5}; it is incomplete or not the official archive: delete it and run again (or put the official cifar-10-binary.tar.gz there)`,
        { path: archive },
      );
    }
  } else {
    await download(url, archive, md5, cacheDir, options.stallTimeoutMs ?? 60_000, options.onProgress);
  }

  const tmp = await mkdtemp(join(cacheDir, '.extract-'));
  try {
    await extractTarSafely(archive, tmp, LOADER);
    if (!(await isComplete(join(tmp, CIFAR10_FOLDER)))) {
      throw new DatasetError(
        LOADER,
        `"${archive}" does not contain ${CIFAR10_FOLDER}/ with ${[...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].join(', ')}; it is not the CIFAR-10 binary version: delete it and download cifar-10-binary.tar.gz`,
        { path: archive },
      );
    }
    await rm(binDir, { recursive: true, force: true });
    await rename(join(tmp, CIFAR10_FOLDER), binDir);
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return binDir;
}

async function download(
  url: string,
  archive: string,
  md5: string,
  cacheDir: string,
  stallTimeoutMs: number,
  onProgress?: ProgressCallback,
): Promise<void> {
  const offlineHelp =
    `If this machine is offline, fetch ${CIFAR10_URL} elsewhere and put it at "${archive}" ` +
    `(it is verified and extracted on the next run), or extract it so that "${join(cacheDir, CIFAR10_FOLDER)}" holds ` +
    `${[...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES].join(', ')}`;
  // Aborts the request when no byte has arrived for stallTimeoutMs (a hung connection or proxy).
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const stalled = `no data for ${stallTimeoutMs} ms`;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(new Error(stalled)), stallTimeoutMs);
  };
  arm();
  let response: Response;
  try {
    response = await fetch(url, { signal: abort.signal });
  } catch (error) {
    clearTimeout(timer);
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const why = abort.signal.aborted ? stalled : (cause?.code ?? cause?.message ?? (error as Error).message);
    throw new DatasetError(LOADER, `cannot download ${url} (${why}). ${offlineHelp}`, {
      path: archive,
      cause: error,
    });
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    throw new DatasetError(
      LOADER,
      `cannot download ${url}: HTTP ${response.status} ${response.statusText}. ${offlineHelp}`,
      { path: archive },
    );
  }
  const total = Number(response.headers.get('content-length') ?? 0);
  const hash = createHash('md5');
  const bar = onProgress ? { onProgress, stop() {} } : terminalProgress('CIFAR-10', 'bytes');
  let done = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      arm();
      hash.update(chunk);
      done += chunk.length;
      bar.onProgress?.({ done, total, item: url });
      callback(null, chunk);
    },
  });
  const part = `${archive}.part`;
  try {
    await pipeline(
      Readable.fromWeb(response.body as import('node:stream/web').ReadableStream),
      meter,
      createWriteStream(part),
    );
  } catch (error) {
    await rm(part, { force: true });
    throw new DatasetError(
      LOADER,
      `download of ${url} failed after ${done} bytes (${abort.signal.aborted ? stalled : (error as Error).message}). ${offlineHelp}`,
      {
        path: archive,
        cause: error,
      },
    );
  } finally {
    clearTimeout(timer);
    bar.stop();
  }
  const actual = hash.digest('hex');
  if (actual !== md5) {
    await rm(part, { force: true });
    throw new DatasetError(
      LOADER,
      `checksum mismatch for ${url}: MD5 ${actual}, expected ${md5} (${done} bytes); the download was deleted. Run again; if it persists, the server or a proxy is serving a different file`,
      { path: archive },
    );
  }
  await rename(part, archive);
}

/** True when `dir` holds all six binary files with sizes that are whole numbers of records. */
async function isComplete(dir: string): Promise<boolean> {
  for (const f of [...CIFAR10_TRAIN_FILES, ...CIFAR10_TEST_FILES]) {
    const s = await stat(join(dir, f)).catch(() => undefined);
    if (!s || s.size === 0 || s.size % CIFAR10_RECORD_BYTES !== 0) return false;
  }
  return true;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function md5OfFile(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
