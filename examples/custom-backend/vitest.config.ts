import { join, resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const packages = resolve(__dirname, '../../packages');
export default defineConfig({
  resolve: {
    alias: {
      '@bench/core': join(packages, 'core/src/index.ts'),
      '@bench/testkit': join(packages, 'testkit/src/index.ts'),
    },
  },
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 120_000,
  },
});
