import { BackendRegistry, BenchError, referenceBackendEntry } from '@bench/core';
import { describe, expect, it } from 'vitest';
import {
  ADAPTER_BACKENDS,
  CliBackendRegistry,
  KNOWN_ADAPTERS,
  type MissingAdapter,
  loadRegistry,
  unknownBackendMessage,
} from './registry';

describe('CLI backend registry', () => {
  it("names each known adapter's backends exactly as the adapter registers them", async () => {
    const { registry, missing } = await loadRegistry();
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
        backends: ADAPTER_BACKENDS['@bench/adapter-tfjs'],
        reason: 'package not installed',
        remedy: 'npm i @bench/adapter-tfjs',
      },
      {
        packageName: '@bench/adapter-gpujs',
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
