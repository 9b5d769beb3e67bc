/**
 * Builds the backend registry the CLI uses: core's reference backend plus every adapter package
 * that is installed. A missing adapter package is not an error; `bench doctor` reports it.
 */
import { BackendRegistry, referenceBackendEntry } from '@bench/core';
import type { BackendEntry } from '@bench/core';

/** Adapter packages the CLI looks for, in the order doctor lists them. */
export const KNOWN_ADAPTERS = [
  '@bench/adapter-onnxruntime',
  '@bench/adapter-tfjs',
  '@bench/adapter-tfjs-node',
  '@bench/adapter-tfjs-cuda',
  '@bench/adapter-gpujs',
] as const;

/** An adapter package that could not be imported. */
export interface MissingAdapter {
  packageName: string;
  reason: string;
  remedy: string;
}

export interface LoadedRegistry {
  registry: BackendRegistry;
  missing: MissingAdapter[];
}

let cached: Promise<LoadedRegistry> | undefined;

/** Loads (once) the registry with every importable adapter's backends. */
export function loadRegistry(): Promise<LoadedRegistry> {
  cached ??= (async () => {
    const registry = new BackendRegistry();
    registry.register(referenceBackendEntry);
    const missing: MissingAdapter[] = [];
    for (const packageName of KNOWN_ADAPTERS) {
      try {
        const mod = (await import(packageName)) as { backends?: BackendEntry[] };
        for (const entry of mod.backends ?? []) registry.register(entry);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const notInstalled = /Cannot find (package|module)/.test(message);
        missing.push({
          packageName,
          reason: notInstalled ? 'package not installed' : `package failed to load: ${message}`,
          remedy: notInstalled
            ? `npm install ${packageName}`
            : `reinstall ${packageName}; if it persists, report a bug`,
        });
      }
    }
    return { registry, missing };
  })();
  return cached;
}
