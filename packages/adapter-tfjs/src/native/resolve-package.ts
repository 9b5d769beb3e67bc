import { createRequire } from 'node:module';
import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Resolves a package's entry file the way Node's `require` would from `from` (a file URL, a
 * file path or a directory). Returns undefined only when the package itself is not found; a
 * package that is found but whose `main` is broken is still "found" (loading then fails).
 */
export function resolvePackage(modulePackage: string, from: string): string | undefined {
  const base = from.startsWith('file:') ? fileURLToPath(from) : from;
  const anchor =
    isAbsolute(base) && !base.endsWith('.js') && !base.endsWith('.cjs') && !base.endsWith('.ts')
      ? join(base, 'noop.js')
      : base;
  const require = createRequire(anchor);
  try {
    return require.resolve(modulePackage);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' && String((error as Error).message).includes(`'${modulePackage}'`))
      return undefined;
    try {
      return require.resolve(`${modulePackage}/package.json`);
    } catch {
      return undefined;
    }
  }
}
