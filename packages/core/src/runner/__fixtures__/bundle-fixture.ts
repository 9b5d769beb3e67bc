/**
 * Test helper: bundles a TypeScript worker fixture (and the core sources it imports) into one
 * plain .mjs file with esbuild, so `child_process.fork` can run it under plain node while the
 * tests run from sources. esbuild is present wherever vitest is (vite depends on it).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

/** Bundles `entry` to a temp folder and returns the .mjs path. */
export async function bundleFixture(entry: string, alias: Record<string, string> = {}): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(
    mkdtempSync(join(tmpdir(), 'bench-fixture-')),
    `${basename(entry).replace(/\.ts$/, '')}.mjs`,
  );
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    alias,
    logLevel: 'error',
    // Bundled CJS dependencies (commander, cli-progress) need require() inside an ES module.
    banner: {
      js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);",
    },
  });
  return outfile;
}
