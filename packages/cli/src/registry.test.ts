import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterSpecs, loadRegistry, readConfigAdapters } from './registry';

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
