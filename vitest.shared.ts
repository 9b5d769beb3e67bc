/**
 * Shared vitest settings: `@bench/*` imports resolve to the packages' sources, so tests never run
 * against a stale `dist/`; each package writes test-results.json for the summary line of `npm test`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const packagesDir = resolve(__dirname, 'packages');
// `@bench/x` -> packages/x/src/index.ts; a subpath export `@bench/x/testing` -> packages/x/src/testing.ts
const alias = readdirSync(packagesDir).flatMap((dir) => [
  { find: new RegExp(`^@bench/${dir}$`), replacement: join(packagesDir, dir, 'src', 'index.ts') },
  { find: new RegExp(`^@bench/${dir}/(.+)$`), replacement: join(packagesDir, dir, 'src', '$1.ts') },
]);

export default defineConfig({
  resolve: { alias },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
