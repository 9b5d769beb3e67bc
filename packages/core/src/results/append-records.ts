/**
 * Safe appends to a results file. A disk that fills (or a file-size limit) can cut a write short
 * and leave a torn line, and a plain append after a torn tail glues the next record onto it. So:
 * every append starts on a fresh line (a torn tail stays its own, skippable line), the whole
 * batch (one cell's records) is written or rolled back (the file is truncated to its size before
 * the append), and every failure names the path, the cause and the fix.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readSync,
  statSync,
  statfsSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { BenchError } from '../errors';

/** Below this much free space, `checkResultsWritable` refuses up front (one cell's records fit). */
const MIN_FREE_BYTES = 256 * 1024;

function fixFor(code: string | undefined, path: string): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `the disk holding "${path}" is full; free some space or pass --out on another disk`;
    case 'EFBIG':
      return `"${path}" reached the file-size limit (ulimit -f); raise the limit or pass a new --out file`;
    case 'EROFS':
      return `"${path}" is on a read-only file system; pass --out on a writable disk`;
    case 'EACCES':
    case 'EPERM':
      return `no permission to write "${path}"; fix its permissions or pass another --out`;
    case 'EISDIR':
      return `"${path}" is a folder; pass a file path such as ${path.replace(/\/+$/, '')}/results.jsonl`;
    case 'ENOTDIR':
      return `a parent of "${path}" is a file, not a folder; pass another --out`;
    default:
      return `check that "${path}" is a writable file or pass another --out`;
  }
}

/** The error thrown when a results file cannot be written; `code` is the system error code. */
export function resultsWriteError(path: string, error: unknown, what: string): BenchError {
  const code = (error as NodeJS.ErrnoException)?.code;
  const cause = error instanceof Error ? error.message : String(error);
  return new BenchError(
    'BenchError.ResultsWrite',
    `cannot write results file "${path}" (${code ?? 'error'}): ${what}; ${fixFor(code, path)}. Cause: ${cause}`,
    { cause: error },
  );
}

/**
 * Checks, before any work, that `path` can take results: not a folder or a device, its folder
 * creatable, the file openable for appending, and some free space on its disk. Throws a
 * `BenchError.ResultsWrite` naming the path and the fix. Leaves no empty file behind.
 */
export function checkResultsWritable(path: string): void {
  if (existsSync(path)) {
    const st = statSync(path);
    if (st.isDirectory())
      throw resultsWriteError(
        path,
        Object.assign(new Error('is a directory'), { code: 'EISDIR' }),
        'it is a folder',
      );
    if (!st.isFile())
      throw new BenchError(
        'BenchError.ResultsWrite',
        `cannot write results file "${path}": it is not a regular file (a device, pipe or socket); pass a file path as --out`,
      );
  }
  const existed = existsSync(path);
  try {
    mkdirSync(dirname(path), { recursive: true });
    closeSync(openSync(path, 'a'));
  } catch (error) {
    throw resultsWriteError(path, error, 'it cannot be opened for appending');
  }
  try {
    const fs = statfsSync(dirname(path));
    const free = Number(fs.bavail) * Number(fs.bsize);
    if (free < MIN_FREE_BYTES)
      throw resultsWriteError(
        path,
        Object.assign(new Error(`only ${free} bytes free`), { code: 'ENOSPC' }),
        'its disk has no room for a cell',
      );
  } catch (error) {
    if (BenchError.isInstance(error)) {
      if (!existed) unlinkSync(path);
      throw error;
    }
    // statfs is unsupported on some file systems; the append's own rollback still protects.
  }
  if (!existed) unlinkSync(path);
}

/**
 * Appends `text` (whole lines) to `path` as one unit: creates the file and its folder if
 * missing, writes a newline first when the file ends in a torn line, and on any write error
 * truncates the file back to its previous size before throwing a `BenchError.ResultsWrite`.
 */
export function appendLinesAtomically(path: string, text: string): void {
  if (text.length === 0) return;
  let fd: number;
  try {
    mkdirSync(dirname(path), { recursive: true });
    fd = openSync(path, 'a+');
  } catch (error) {
    throw resultsWriteError(path, error, 'it cannot be opened for appending');
  }
  let before = 0;
  try {
    const st = fstatSync(fd);
    before = st.isFile() ? st.size : 0;
    let prefix = '';
    if (before > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, before - 1);
      if (last[0] !== 0x0a) prefix = '\n'; // a torn tail: start on a fresh line
    }
    const buf = Buffer.from(prefix + text, 'utf8');
    let off = 0;
    while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
  } catch (error) {
    let rolledBack = 'the file could not be rolled back';
    try {
      ftruncateSync(fd, before);
      rolledBack = `the partial write was rolled back (file truncated to its previous ${before} bytes)`;
    } catch {
      // not a regular file (e.g. a device): nothing to roll back
    }
    closeSync(fd);
    throw resultsWriteError(path, error, `appending failed and ${rolledBack}`);
  }
  closeSync(fd);
}
