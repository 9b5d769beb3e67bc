/**
 * Where the installed `@bench/cli` lives: its root, version, launcher and worker module. Found by
 * walking up from this module to the `package.json` named `@bench/cli`, which works both from the
 * sources (tests) and from the bundled `dist/` (the installed CLI).
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SlurmError } from './slurm-error';

/** Paths and version of the installed CLI package. */
export interface CliPackage {
  root: string;
  version: string;
  /** The `bench` launcher (`bin/bench.mjs`), run as `node <bin> ...`. */
  bin: string;
  /** The built sweep worker module (`dist/cell-worker.js`) that runSweep starts per cell. */
  workerModule: string;
}

let cached: CliPackage | undefined;

/** Locates the `@bench/cli` package this code belongs to (cached). */
export function cliPackage(): CliPackage {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pj = join(dir, 'package.json');
    if (existsSync(pj)) {
      const json = JSON.parse(readFileSync(pj, 'utf8')) as { name?: string; version?: string };
      if (json.name === '@bench/cli') {
        cached = {
          root: dir,
          version: json.version ?? '0.0.0',
          bin: join(dir, 'bin', 'bench.mjs'),
          workerModule: join(dir, 'dist', 'cell-worker.js'),
        };
        return cached;
      }
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new SlurmError(
        `cannot find the @bench/cli package.json above ${fileURLToPath(import.meta.url)}; reinstall @bench/cli`,
      );
    }
    dir = parent;
  }
}
