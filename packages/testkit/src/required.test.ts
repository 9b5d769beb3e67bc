import { afterEach, describe, expect, it, vi } from 'vitest';
import { skipUnavailableBackend, skipUnavailableTool } from './required';
import { resolveBackendForTests } from './resolve-backend';

const down = { available: false, reason: 'engine missing', remedy: 'install it' };

describe('required backends and tools (CI lists)', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });

  it('an unavailable backend skips off CI and fails when BENCH_REQUIRED_BACKENDS lists it', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('BENCH_REQUIRED_BACKENDS', '');
    expect(skipUnavailableBackend('demo', down)).toBe(true);
    expect(skipUnavailableBackend('demo', { available: true })).toBe(false);
    const skipped = await resolveBackendForTests(
      'demo',
      'suite',
      () => {
        throw new Error('not called');
      },
      async () => down,
    );
    expect(skipped.skipReason).toMatch(/engine missing/);
    vi.stubEnv('BENCH_REQUIRED_BACKENDS', 'reference, demo');
    expect(() => skipUnavailableBackend('demo', down)).toThrow(
      /"demo" is required \(BENCH_REQUIRED_BACKENDS\).*engine missing/,
    );
    await expect(
      resolveBackendForTests(
        'demo',
        'suite',
        () => {
          throw new Error('not called');
        },
        async () => down,
      ),
    ).rejects.toThrow(/required/);
  });

  it('an unavailable tool fails when BENCH_REQUIRED_TOOLS lists it', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.stubEnv('BENCH_REQUIRED_TOOLS', 'chromium');
    expect(skipUnavailableTool('slurm', false, 'no sbatch')).toBe(true);
    expect(() => skipUnavailableTool('chromium', false, 'no binary')).toThrow(/"chromium" is required/);
  });
});
