import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// Builds vendor/vega-bundle.min.js: Vega + Vega-Lite + vega-embed in one IIFE for the browser,
// inlined into every HTML report so it opens offline. (The vega npm package ships no browser
// build, so we bundle its ES modules with esbuild.) Run by `npm run build`; also called lazily
// by the report code when the file is missing.
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export async function bundleVega(outfile = join(root, 'vendor', 'vega-bundle.min.js')) {
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(root, 'scripts', 'vega-entry.js')],
    bundle: true,
    minify: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    outfile,
    legalComments: 'eof',
    logLevel: 'error',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = await bundleVega();
  console.log(`wrote ${out}`);
}
