/**
 * The chart runtime inlined into every HTML report: Vega, Vega-Lite and vega-embed bundled into
 * one browser script (`vendor/vega-bundle.min.js`, built by `scripts/bundle-vega.mjs` at
 * `npm run build`). Inlining keeps reports self-contained: they open offline, from a file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BenchError } from '@bench/core';

// src/ and dist/ are both one level below the package root.
const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
let cached: string | undefined;

/** Path of the bundled chart runtime. */
export function vegaBundlePath(): string {
  return join(packageRoot, 'vendor', 'vega-bundle.min.js');
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
