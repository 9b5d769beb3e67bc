/**
 * The chart runtime inlined into every HTML report: Vega, Vega-Lite and vega-embed bundled into
 * one browser script (`vendor/vega-bundle.min.js`, built by `scripts/bundle-vega.mjs` at
 * `npm run build`). Inlining keeps reports self-contained: they open offline, from a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError } from '@bench/core';

// src/ and dist/ are both one level below the package root.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
let cached: string | undefined;

/**
 * Path of the bundled chart runtime: beside this module's package root, or, when this code was
 * bundled into another program, in the installed @bench/report package.
 */
export function vegaBundlePath(): string {
  const own = join(packageRoot, 'vendor', 'vega-bundle.min.js');
  if (existsSync(own)) return own;
  try {
    const installed = join(
      dirname(createRequire(import.meta.url).resolve('@bench/report/package.json')),
      'vendor',
      'vega-bundle.min.js',
    );
    if (existsSync(installed)) return installed;
  } catch {
    // not installed as a package: fall through to the own path (built on demand below)
  }
  return own;
}

/**
 * Returns the chart runtime's source, building it first when missing (in the monorepo, where
 * esbuild and the bundling script are present).
 */
export async function loadVegaRuntime(): Promise<string> {
  if (cached) return cached;
  const path = vegaBundlePath();
  if (!existsSync(path)) {
    const script = join(packageRoot, 'scripts', 'bundle-vega.mjs');
    if (!existsSync(script)) {
      throw new BenchError(
        'BenchError.ReportRuntimeMissing',
        `the chart runtime ${path} is missing from @bench/report; reinstall the package (it is built by \`npm run build -w @bench/report\`)`,
      );
    }
    try {
      const mod = (await import(pathToFileURL(script).href)) as { bundleVega(out?: string): Promise<string> };
      await mod.bundleVega(path);
    } catch (error) {
      throw new BenchError(
        'BenchError.ReportRuntimeMissing',
        `could not build the chart runtime ${path}: ${(error as Error).message}; run \`npm run build -w @bench/report\``,
        { cause: error },
      );
    }
  }
  cached = readFileSync(path, 'utf8');
  return cached;
}
