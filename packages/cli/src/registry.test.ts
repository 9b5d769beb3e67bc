import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BackendRegistry, BenchError, referenceBackendEntry } from '@bench/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ADAPTER_BACKENDS,
  CliBackendRegistry,
  KNOWN_ADAPTERS,
  type MissingAdapter,
  adapterSpecs,
  loadRegistry,
  readConfigAdapters,
  unknownBackendMessage,
} from './registry';

describe('CLI backend registry', () => {
  it("names each known adapter's backends exactly as the adapter registers them", async () => {
    const { registry, missing } = await loadRegistry({ reload: true });
    // In the monorepo every adapter package is importable.
    expect(missing).toEqual([]);
    for (const pkg of KNOWN_ADAPTERS) {
      const registered = registry
        .list()
        .filter((e) => e.packageName === pkg)
        .map((e) => e.name);
      expect(registered.sort(), pkg).toEqual([...ADAPTER_BACKENDS[pkg]].sort());
    }
  });

  it('a backend of an adapter that is not installed names the package and its install command', () => {
    const registry = new BackendRegistry();
    registry.register(referenceBackendEntry);
    const missing: MissingAdapter[] = [
      {
        packageName: '@bench/adapter-tfjs',
        source: 'built-in',
        backends: ADAPTER_BACKENDS['@bench/adapter-tfjs'],
        reason: 'package not installed',
        remedy: 'npm i @bench/adapter-tfjs',
      },
      {
        packageName: '@bench/adapter-gpujs',
        source: 'built-in',
        backends: ADAPTER_BACKENDS['@bench/adapter-gpujs'],
        reason: 'package failed to load: Cannot find package gpu.js',
        remedy: 'reinstall it (`npm i @bench/adapter-gpujs`); if it persists, report a bug',
      },
    ];
    expect(unknownBackendMessage(['tfjs-cpu'], registry, missing)).toBe(
      'backend "tfjs-cpu" is provided by @bench/adapter-tfjs, which is not installed; install it with `npm i @bench/adapter-tfjs`; registered backends: reference (see `bench doctor`)',
    );
    expect(unknownBackendMessage(['gpujs-cpu', 'nope'], registry, missing)).toBe(
      'backend "gpujs-cpu" is provided by @bench/adapter-gpujs, which failed to load: Cannot find package gpu.js; reinstall it (`npm i @bench/adapter-gpujs`); if it persists, report a bug; unknown backend "nope"; registered backends: reference (see `bench doctor`)',
    );
  });

  it('the CLI registry throws that message for a known backend whose adapter is missing', async () => {
    const missing: MissingAdapter[] = [
      {
        packageName: '@bench/adapter-onnxruntime',
        source: 'built-in',
        backends: ADAPTER_BACKENDS['@bench/adapter-onnxruntime'],
        reason: 'package not installed',
        remedy: 'npm i @bench/adapter-onnxruntime',
      },
    ];
    const registry = new CliBackendRegistry(missing);
    registry.register(referenceBackendEntry);
    expect(() => registry.entry('onnxruntime-cpu')).toThrow(
      /install it with `npm i @bench\/adapter-onnxruntime`/,
    );
    // The path a sweep's cell worker takes.
    const error = await registry.get('onnxruntime-cuda').catch((e: unknown) => e);
    expect(BenchError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('npm i @bench/adapter-onnxruntime');
    // Names no adapter provides keep core's message.
    expect(() => registry.entry('nope')).toThrow(/^unknown backend "nope"; registered backends: reference$/);
  });
});

/** A folder with an adapter module (plain JS, one backend) and optionally a bench.config.json. */
function project(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'bench-adapters-'));
  const entry = (name: string) =>
    `{ name: '${name}', priority: 1, description: 'test', packageName: 'test-adapter', deviceKind: 'cpu', probe: async () => ({ available: true, device: 'cpu' }), create: async () => { throw new Error('not used'); } }`;
  writeFileSync(join(dir, 'adapter.mjs'), `export const backends = [${entry('from-config')}];\n`);
  writeFileSync(join(dir, 'env-adapter.mjs'), `export const backends = [${entry('from-env')}];\n`);
  writeFileSync(join(dir, 'broken.mjs'), 'export const nothing = 1;\n');
  if (config !== undefined) writeFileSync(join(dir, 'bench.config.json'), JSON.stringify(config));
  return dir;
}

describe('adapter discovery', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('loads adapters from bench.config.json and BENCH_ADAPTERS, and says where each came from', async () => {
    const dir = project({ adapters: ['./adapter.mjs'] });
    vi.stubEnv('BENCH_ADAPTERS', join(dir, 'env-adapter.mjs'));
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const { registry, adapters } = await loadRegistry({ reload: true });
    expect(registry.has('from-config')).toBe(true);
    expect(registry.has('from-env')).toBe(true);
    const byBackend = (name: string) => adapters.find((a) => a.backends.includes(name));
    expect(byBackend('from-config')).toMatchObject({ source: 'config', specifier: './adapter.mjs' });
    expect(byBackend('from-env')).toMatchObject({ source: 'env' });
    expect(byBackend('onnxruntime-cpu')?.source).toBe('built-in');
  });

  it('reports an adapter without a backends export as missing, on stderr and in the result', async () => {
    const dir = project({ adapters: ['./broken.mjs'] });
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const { missing } = await loadRegistry({ reload: true });
    const m = missing.find((x) => x.packageName === './broken.mjs');
    expect(m?.reason).toMatch(/exports no `backends` array/);
    expect(String(stderr.mock.calls.flat().join(''))).toMatch(
      /adapter "\.\/broken\.mjs" \(from .*bench\.config\.json\) did not load/,
    );
  });

  it('rejects a config whose adapters is not a list of strings, naming the file', () => {
    const dir = project({ adapters: 'oops' });
    expect(() => readConfigAdapters(dir)).toThrow(/bench\.config\.json: "adapters" must be an array/);
    expect(adapterSpecs(project()).every((s) => s.source === 'built-in')).toBe(true);
  });
});
