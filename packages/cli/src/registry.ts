/**
 * Builds the backend registry the CLI uses: core's reference backend, the adapter packages Bench
 * ships (optional peer dependencies of @bench/cli, loaded when installed), and the user's adapters
 * from, in this order, the `--adapter` flag, `BENCH_ADAPTERS` (comma-separated) and
 * `bench.config.json` in the working directory (`{ "adapters": [...] }`). An adapter is a package
 * name or a path to a module that exports `backends` (registry entries). A missing built-in
 * package is not an error: `bench doctor` lists it with its install command, and asking for one
 * of its backends says which package to install. A user adapter that fails to load is reported
 * on stderr and by doctor.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackendRegistry, BenchError, referenceBackendEntry } from '@bench/core';
import type { BackendEntry } from '@bench/core';
import { UsageError } from './usage-error';

/** Adapter packages the CLI looks for, in the order doctor lists them, with the backends each provides. */
export const ADAPTER_BACKENDS = {
  '@bench/adapter-onnxruntime': ['onnxruntime-cpu', 'onnxruntime-cuda'],
  '@bench/adapter-tfjs': ['tfjs-cpu', 'tfjs-wasm', 'tfjs-webgpu'],
  '@bench/adapter-tfjs-node': ['tfjs-node'],
  '@bench/adapter-tfjs-cuda': ['tfjs-cuda'],
  '@bench/adapter-gpujs': ['gpujs-webgpu', 'gpujs-gl', 'gpujs-wasm', 'gpujs-cpu'],
} as const satisfies Record<string, readonly string[]>;

/** An adapter package the CLI knows. */
export type KnownAdapter = keyof typeof ADAPTER_BACKENDS;

/** Adapter packages the CLI looks for, in the order doctor lists them. */
export const KNOWN_ADAPTERS = Object.keys(ADAPTER_BACKENDS) as KnownAdapter[];

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
  /** The backends it would provide (known for the adapter packages Bench ships). */
  backends: readonly string[];
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

/** The adapter package that provides a backend name, if the CLI knows one. */
export function adapterForBackend(name: string): KnownAdapter | undefined {
  return KNOWN_ADAPTERS.find((pkg) => (ADAPTER_BACKENDS[pkg] as readonly string[]).includes(name));
}

/**
 * The message for backend names the registry lacks: for a known backend, the package to install
 * (or why its installed package failed to load); otherwise the registered names.
 */
export function unknownBackendMessage(
  names: readonly string[],
  registry: BackendRegistry,
  missing: readonly MissingAdapter[],
): string {
  const parts = names.map((name) => {
    const pkg = adapterForBackend(name);
    const m = pkg && missing.find((x) => x.packageName === pkg);
    if (!m) return `unknown backend "${name}"`;
    return m.reason === 'package not installed'
      ? `backend "${name}" is provided by ${m.packageName}, which is not installed; install it with \`${m.remedy}\``
      : `backend "${name}" is provided by ${m.packageName}, which ${m.reason.replace(/^package /, '')}; ${m.remedy}`;
  });
  return `${parts.join('; ')}; registered backends: ${registry.names().join(', ') || '(none)'} (see \`bench doctor\`)`;
}

/**
 * The CLI's registry: asking for a backend of an adapter that did not load (`bench run`, a sweep's
 * cell worker) names the package to install instead of only the registered names.
 */
export class CliBackendRegistry extends BackendRegistry {
  constructor(private readonly missing: readonly MissingAdapter[]) {
    super();
  }

  override entry(name: string): BackendEntry {
    if (!this.has(name) && adapterForBackend(name)) {
      throw new BenchError('BenchError.UnknownBackend', unknownBackendMessage([name], this, this.missing));
    }
    return super.entry(name);
  }
}

/** Whether an import failure means the package itself is absent (not one of its dependencies). */
function isNotInstalled(error: unknown, packageName: string): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && message.includes(`'${packageName}'`)
  );
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

/** The adapters named with `--adapter` so far (doctor passes them on to its probe child). */
export function flagAdapterSpecifiers(): readonly string[] {
  return flagAdapters;
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
    const missing: MissingAdapter[] = [];
    const registry = new CliBackendRegistry(missing);
    registry.register(referenceBackendEntry);
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
        const notInstalled = isNotInstalled(error, spec.specifier);
        const known = spec.specifier in ADAPTER_BACKENDS;
        const isPath = spec.specifier.startsWith('.') || isAbsolute(spec.specifier);
        const m: MissingAdapter = {
          packageName: spec.specifier,
          source: spec.source,
          backends: known ? ADAPTER_BACKENDS[spec.specifier as KnownAdapter] : [],
          reason: notInstalled ? 'package not installed' : `package failed to load: ${message}`,
          remedy: notInstalled
            ? `npm i ${spec.specifier}`
            : isPath
              ? `fix the module at ${spec.specifier} (it must export \`backends\`) or remove it from ${describeSource(spec)}`
              : `reinstall it (\`npm i ${spec.specifier}\`); if it persists, report a bug`,
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
