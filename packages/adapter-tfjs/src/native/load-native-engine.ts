import { cpus } from 'node:os';
import { pathToFileURL } from 'node:url';
import { makeEngine } from '../engine/make-engine';
import { quietTfjs } from '../engine/quiet';
import type { TfjsEngine } from '../engine/tfjs-engine';
import type { Tf } from '../tf-types';
import { LibtensorflowLoadError, NativePackageMissingError } from './native-errors';
import { resolvePackage } from './resolve-package';

/**
 * Loads a libtensorflow-backed tfjs package (`@tensorflow/tfjs-node` or `-node-gpu`) resolved
 * from `from`, and returns its `tensorflow` engine. The package brings its own tfjs-core copy:
 * the returned engine's `tf` is that copy. Throws NativePackageMissingError when the package is
 * not installed and LibtensorflowLoadError (quoting the loader) when requiring it fails.
 */
export async function loadNativeEngine(
  modulePackage: string,
  from: string,
  deviceLabel: string,
): Promise<TfjsEngine> {
  const entry = resolvePackage(modulePackage, from);
  if (!entry) throw new NativePackageMissingError(modulePackage, from);
  let tf: Tf;
  try {
    const mod = (await import(pathToFileURL(entry).href)) as { default?: Tf } & Tf;
    tf = (mod.default && typeof mod.default.tensor === 'function' ? mod.default : mod) as Tf;
  } catch (error) {
    throw new LibtensorflowLoadError(modulePackage, error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  quietTfjs(tf);
  return makeEngine(
    tf,
    'tensorflow',
    () => `${deviceLabel} (${modulePackage}, ${cpus().length} CPU threads)`,
  );
}
