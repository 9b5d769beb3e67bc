import { describe, expect, it } from 'vitest';
import type { Backend, BackendEntry } from './backend';
import { BackendRegistry } from './registry';

function entry(
  name: string,
  priority: number,
  available: boolean,
  extra: Partial<BackendEntry> = {},
): BackendEntry {
  return {
    name,
    priority,
    description: name,
    packageName: `pkg-${name}`,
    deviceKind: 'cpu',
    probe: async () =>
      available ? { available, device: 'cpu' } : { available, reason: 'no engine', remedy: 'install it' },
    create: async () => ({ name }) as unknown as Backend,
    ...extra,
  };
}

describe('BackendRegistry', () => {
  it('orders by priority and picks the available ones of highest priority as defaults', async () => {
    const r = new BackendRegistry();
    r.register(entry('low', 0, true));
    r.register(entry('gpu', 50, false));
    r.register(entry('mid', 20, true));
    expect(r.names()).toEqual(['gpu', 'mid', 'low']);
    expect(await r.defaults()).toEqual(['mid']);
  });

  it('never picks an emulated GPU by default while a real device is available', async () => {
    const r = new BackendRegistry();
    r.register(entry('cpu', 20, true));
    r.register(
      entry('soft-gpu', 35, true, {
        probe: async () => ({ available: true, device: 'llvmpipe', emulated: true }),
      }),
    );
    expect(await r.defaults()).toEqual(['cpu']);
    const only = new BackendRegistry();
    only.register(
      entry('soft-gpu', 35, true, {
        probe: async () => ({ available: true, device: 'llvmpipe', emulated: true }),
      }),
    );
    expect(await only.defaults()).toEqual(['soft-gpu']);
  });

  it('registering the same entry twice is a no-op; another entry under the name throws', () => {
    const r = new BackendRegistry();
    const e = entry('a', 1, true);
    r.register(e);
    r.register(e);
    expect(() => r.register(entry('a', 1, true))).toThrow(/already registered by pkg-a/);
  });

  it('turns a throwing probe into available: false with the message', async () => {
    const r = new BackendRegistry();
    r.register(
      entry('bad', 1, true, {
        probe: async () => {
          throw new Error('boom');
        },
      }),
    );
    const p = await r.probe('bad');
    expect(p.available).toBe(false);
    expect(p.reason).toContain('boom');
  });

  it('creates once, lazily, and refuses an unavailable backend with reason and remedy', async () => {
    let created = 0;
    const r = new BackendRegistry();
    r.register(
      entry('ok', 1, true, {
        create: async () => {
          created++;
          return { name: 'ok' } as unknown as Backend;
        },
      }),
    );
    r.register(entry('off', 1, false));
    expect(created).toBe(0);
    await Promise.all([r.get('ok'), r.get('ok')]);
    expect(created).toBe(1);
    await expect(r.get('off')).rejects.toThrow(/backend "off" is not available: no engine. Fix: install it/);
    expect(() => r.entry('nope')).toThrow(
      /unknown backend "nope"; registered backends: ok, off|unknown backend "nope"; registered backends: off, ok/,
    );
  });
});
