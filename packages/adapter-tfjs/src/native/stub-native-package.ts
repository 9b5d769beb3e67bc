import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test fixture: writes a stand-in for a native tfjs package (`@tensorflow/tfjs-node`) into a
 * temp dir whose entry throws the way the real one does when its binding cannot dlopen
 * libtensorflow. Returns the directory to resolve from. Used only to test error classification.
 */
export function writeFailingNativeStub(
  modulePackage: string,
  message = 'libtensorflow.so.2: cannot open shared object file: No such file or directory',
): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-tfjs-stub-'));
  const pkgDir = join(dir, 'node_modules', ...modulePackage.split('/'));
  mkdirSync(pkgDir, { recursive: true });
  writeFileSync(
    join(pkgDir, 'package.json'),
    JSON.stringify({ name: modulePackage, version: '4.22.0', main: 'index.js' }),
  );
  writeFileSync(
    join(pkgDir, 'index.js'),
    `const e = new Error(${JSON.stringify(message)}); e.code = 'ERR_DLOPEN_FAILED'; throw e;\n`,
  );
  return dir;
}
