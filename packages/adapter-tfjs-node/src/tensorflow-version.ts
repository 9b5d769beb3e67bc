import { createRequire } from 'node:module';
import { resolvePackage } from '@bench/adapter-tfjs';

/**
 * The libtensorflow version (`TF_Version()`) behind an installed, loadable tfjs-node package,
 * read from its addon (located the way the package itself does, with node-pre-gyp); undefined
 * when the addon cannot be found or loaded.
 */
export function tensorflowVersion(modulePackage: string, from: string): string | undefined {
  const entry = resolvePackage(modulePackage, from);
  if (!entry) return undefined;
  try {
    const require = createRequire(entry);
    const packageJson = require.resolve(`${modulePackage}/package.json`);
    const binary = require('@mapbox/node-pre-gyp') as { find(packageJson: string): string };
    const binding = require(binary.find(packageJson)) as { TF_Version?: unknown };
    return typeof binding.TF_Version === 'string' ? binding.TF_Version : undefined;
  } catch {
    return undefined;
  }
}
