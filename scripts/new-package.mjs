// Writes the boilerplate of a workspace package (package.json, tsconfig, tsup, vitest configs).
// Usage: node scripts/new-package.mjs <folder> <name> "<description>" [bin]
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [folder, name, description, bin] = process.argv.slice(2);
if (!folder || !name) throw new Error('usage: new-package.mjs <folder> <name> <description> [bin]');
mkdirSync(join(folder, 'src'), { recursive: true });
const write = (file, text) => {
  if (!existsSync(join(folder, file))) writeFileSync(join(folder, file), text);
};
const repo = 'https://github.com/bench-sdk/bench';
const dir = folder.replace(/\/$/, '');
// Each condition gets its own declarations (publint and arethetypeswrong check it in
// scripts/pack-test.mjs); LICENSE is copied into the folder so the tarball carries it.
const pkg = {
  name,
  version: '0.1.0',
  description,
  license: 'Apache-2.0',
  repository: { type: 'git', url: `git+${repo}.git`, directory: dir },
  homepage: `${repo}/tree/main/${dir}#readme`,
  bugs: { url: `${repo}/issues` },
  type: 'module',
  sideEffects: false,
  main: './dist/index.cjs',
  module: './dist/index.js',
  types: './dist/index.d.cts',
  exports: {
    '.': {
      import: { types: './dist/index.d.ts', default: './dist/index.js' },
      require: { types: './dist/index.d.cts', default: './dist/index.cjs' },
    },
    './package.json': './package.json',
  },
  ...(bin ? { bin: { [bin]: './dist/bin.js' } } : {}),
  files: ['dist', 'README.md', 'LICENSE'],
  scripts: { build: 'tsup', test: 'vitest run', typecheck: 'tsc --noEmit', lint: 'biome check src' },
  dependencies: {},
  engines: { node: '>=20.19' },
};
write('package.json', `${JSON.stringify(pkg, null, 2)}\n`);
if (!existsSync(join(folder, 'LICENSE')))
  copyFileSync(new URL('../LICENSE', import.meta.url), join(folder, 'LICENSE'));
write(
  'tsconfig.json',
  '{ "extends": "../../tsconfig.base.json", "compilerOptions": { "outDir": "dist", "rootDir": "src" }, "include": ["src"] }\n',
);
write(
  'tsup.config.ts',
  `import { defineConfig } from 'tsup';

export default defineConfig({
  entry: [${bin ? "'src/index.ts', 'src/bin.ts'" : "'src/index.ts'"}],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
`,
);
write(
  'vitest.config.ts',
  `import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results.json' }]],
    testTimeout: 60_000,
  },
});
`,
);
