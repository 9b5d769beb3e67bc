/**
 * Builds the backend registry the CLI uses: core's reference backend plus every adapter package
 * that is installed. Adapters are optional peer dependencies of @bench/cli, so a missing adapter
 * package is not an error: `bench doctor` lists it with its install command, and asking for one
 * of its backends says which package to install.
 */
import { BackendRegistry, BenchError, referenceBackendEntry } from '@bench/core';
import type { BackendEntry } from '@bench/core';

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

/** An adapter package that could not be imported. */
export interface MissingAdapter {
  packageName: string;
  /** The backends it would provide. */
  backends: readonly string[];
  reason: string;
  remedy: string;
}

export interface LoadedRegistry {
  registry: BackendRegistry;
  missing: MissingAdapter[];
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

/** Loads (once) the registry with every importable adapter's backends. */
export function loadRegistry(): Promise<LoadedRegistry> {
  cached ??= (async () => {
    const missing: MissingAdapter[] = [];
    const registry = new CliBackendRegistry(missing);
    registry.register(referenceBackendEntry);
    for (const packageName of KNOWN_ADAPTERS) {
      try {
        const mod = (await import(packageName)) as { backends?: BackendEntry[] };
        for (const entry of mod.backends ?? []) registry.register(entry);
      } catch (error) {
        const notInstalled = isNotInstalled(error, packageName);
        missing.push({
          packageName,
          backends: ADAPTER_BACKENDS[packageName],
          reason: notInstalled
            ? 'package not installed'
            : `package failed to load: ${error instanceof Error ? error.message : String(error)}`,
          remedy: notInstalled
            ? `npm i ${packageName}`
            : `reinstall it (\`npm i ${packageName}\`); if it persists, report a bug`,
        });
      }
    }
    return { registry, missing };
  })();
  return cached;
}
