/**
 * Builds the backend registry the CLI uses: core's reference backend, the adapter packages Bench
 * ships (loaded when installed), and the user's adapters from, in this order, the `--adapter`
 * flag, `BENCH_ADAPTERS` (comma-separated) and `bench.config.json` in the working directory
 * (`{ "adapters": [...] }`). An adapter is a package name or a path to a module that exports
 * `backends` (registry entries). A missing built-in package is not an error; `bench doctor`
 * reports it. A user adapter that fails to load is reported on stderr and by doctor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackendRegistry, referenceBackendEntry } from '@bench/core';
import type { BackendEntry } from '@bench/core';
import { UsageError } from './usage-error';

/** Adapter packages the CLI looks for, in the order doctor lists them. */
export const KNOWN_ADAPTERS = [
  '@bench/adapter-onnxruntime',
  '@bench/adapter-tfjs',
  '@bench/adapter-tfjs-node',
  '@bench/adapter-tfjs-cuda',
  '@bench/adapter-gpujs',
] as const;

/** The config file the CLI reads from the working directory. */
export const CONFIG_FILE = 'bench.config.json';

/** Where an adapter was named. */
export type AdapterSource = 'built-in' | 'flag' | 'env' | 'config';

/** An adapter to load: a package name or module path, and where it was named. */
export interface AdapterSpec {
  specifier: string;
  source: AdapterSource;
  /** For `config`: the config file; paths resolve from its folder (else from the cwd). */
  file?: string;
}

/** An adapter package that could not be imported. */
export interface MissingAdapter {
  packageName: string;
  source: AdapterSource;
  reason: string;
  remedy: string;
}

/** An adapter that loaded, with the backends it registered. */
export interface LoadedAdapter extends AdapterSpec {
  backends: string[];
}

export interface LoadedRegistry {
  registry: BackendRegistry;
  missing: MissingAdapter[];
  adapters: LoadedAdapter[];
}

let cached: Promise<LoadedRegistry> | undefined;
const flagAdapters: string[] = [];

/**
 * Records adapters named with `--adapter` and appends them to `BENCH_ADAPTERS`, so that sweep
 * workers (child processes) load them too. Call before `loadRegistry`.
 */
export function addFlagAdapters(specifiers: readonly string[]): void {
  if (specifiers.length === 0) return;
  flagAdapters.push(...specifiers);
  const env = (process.env.BENCH_ADAPTERS ?? '').split(',').filter((s) => s.trim());
  process.env.BENCH_ADAPTERS = [...env, ...specifiers.filter((s) => !env.includes(s))].join(',');
  cached = undefined;
}

/** Reads `bench.config.json` in `cwd`, if there is one; throws UsageError naming the file when invalid. */
export function readConfigAdapters(cwd = process.cwd()): AdapterSpec[] {
  const file = join(cwd, CONFIG_FILE);
  if (!existsSync(file)) return [];
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not valid JSON (${(error as Error).message}); fix or remove it`);
  }
  const adapters = (json as { adapters?: unknown }).adapters;
  if (adapters === undefined) return [];
  if (!Array.isArray(adapters) || adapters.some((a) => typeof a !== 'string' || a.trim() === '')) {
    throw new UsageError(
      `${file}: "adapters" must be an array of package names or module paths, got ${JSON.stringify(adapters)}`,
    );
  }
  return (adapters as string[]).map((specifier) => ({ specifier, source: 'config', file }));
}

/** Every adapter to load, built-ins first, then flag, env and config; each specifier once. */
export function adapterSpecs(cwd = process.cwd()): AdapterSpec[] {
  const specs: AdapterSpec[] = KNOWN_ADAPTERS.map((specifier) => ({ specifier, source: 'built-in' }));
  const env = (process.env.BENCH_ADAPTERS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  specs.push(...flagAdapters.map((specifier): AdapterSpec => ({ specifier, source: 'flag' })));
  specs.push(...env.map((specifier): AdapterSpec => ({ specifier, source: 'env' })));
  specs.push(...readConfigAdapters(cwd));
  const seen = new Set<string>();
  return specs.filter((s) => !seen.has(s.specifier) && seen.add(s.specifier));
}

/** Imports an adapter: a path (starts with `.` or `/`) from its base folder, a package from the cwd first. */
async function importAdapter(spec: AdapterSpec, cwd: string): Promise<unknown> {
  const { specifier } = spec;
  if (specifier.startsWith('.') || isAbsolute(specifier)) {
    const base = spec.file ? dirname(spec.file) : cwd;
    return import(pathToFileURL(resolve(base, specifier)).href);
  }
  if (spec.source !== 'built-in') {
    try {
      const path = createRequire(join(cwd, 'package.json')).resolve(specifier);
      return await import(pathToFileURL(path).href);
    } catch {
      // not resolvable from the cwd (or not require-resolvable): try from the CLI's own location
    }
  }
  return import(specifier);
}

function describeSource(spec: AdapterSpec): string {
  return spec.source === 'config' ? `${spec.file}` : spec.source === 'env' ? 'BENCH_ADAPTERS' : '--adapter';
}

/** Loads (once, or again with `reload`) the registry with every importable adapter's backends. */
export function loadRegistry(options: { reload?: boolean } = {}): Promise<LoadedRegistry> {
  if (options.reload) cached = undefined;
  cached ??= (async () => {
    const cwd = process.cwd();
    const registry = new BackendRegistry();
    registry.register(referenceBackendEntry);
    const missing: MissingAdapter[] = [];
    const adapters: LoadedAdapter[] = [];
    for (const spec of adapterSpecs(cwd)) {
      try {
        const mod = (await importAdapter(spec, cwd)) as { backends?: BackendEntry[] };
        if (!Array.isArray(mod.backends)) {
          throw new Error('the module exports no `backends` array of registry entries');
        }
        for (const entry of mod.backends) registry.register(entry);
        adapters.push({ ...spec, backends: mod.backends.map((e) => e.name) });
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const notInstalled = /Cannot find (package|module)/.test(message);
        const m: MissingAdapter = {
          packageName: spec.specifier,
          source: spec.source,
          reason: notInstalled ? 'package not installed' : `package failed to load: ${message}`,
          remedy: notInstalled
            ? `npm install ${spec.specifier}`
            : `reinstall ${spec.specifier}; if it persists, report a bug`,
        };
        missing.push(m);
        if (spec.source !== 'built-in') {
          process.stderr.write(
            `bench: adapter "${spec.specifier}" (from ${describeSource(spec)}) did not load: ${m.reason}. Fix: ${m.remedy}\n`,
          );
        }
      }
    }
    return { registry, missing, adapters };
  })();
  return cached;
}
