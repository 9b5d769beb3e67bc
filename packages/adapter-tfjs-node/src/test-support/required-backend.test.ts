import { describe, expect, it } from 'vitest';
import { isRequiredBackend, requiredProbe } from './required-backend';

const absent = async () => ({ available: false, reason: 'engine absent', remedy: 'install it' });

describe('BENCH_REQUIRED_BACKENDS', () => {
  it('parses the comma list (spaces allowed, exact names only)', () => {
    const env = { BENCH_REQUIRED_BACKENDS: 'onnxruntime-cpu, tfjs-node ,gpujs-gl' };
    expect(isRequiredBackend('tfjs-node', env)).toBe(true);
    expect(isRequiredBackend('gpujs-gl', env)).toBe(true);
    expect(isRequiredBackend('tfjs', env)).toBe(false);
    expect(isRequiredBackend('tfjs-node', {})).toBe(false);
  });

  it('a required, unavailable backend throws with the reason and remedy', async () => {
    const probe = requiredProbe('tfjs-node', absent, { BENCH_REQUIRED_BACKENDS: 'tfjs-node' });
    await expect(probe()).rejects.toThrow(
      /"tfjs-node" is required here .* unavailable: engine absent \(fix: install it\)/,
    );
  });

  it('an unlisted, unavailable backend keeps the probe result (the suite skips)', async () => {
    const probe = requiredProbe('tfjs-node', absent, { BENCH_REQUIRED_BACKENDS: 'gpujs-gl' });
    await expect(probe()).resolves.toMatchObject({ available: false, reason: 'engine absent' });
  });
});
