/**
 * The backend registry: name -> entry, priority order, lazy one-time creation. Registering the
 * same entry twice is a no-op; a different entry under a taken name throws.
 */
import { BackendUnavailableError, BenchError } from '../errors';
import type { Backend, BackendEntry, ProbeResult } from './backend';

/** A probe result with the entry it belongs to. */
export interface ProbeReport extends ProbeResult {
  name: string;
  priority: number;
  description: string;
  packageName: string;
  deviceKind: 'cpu' | 'gpu';
}

export class BackendRegistry {
  private readonly entries = new Map<string, BackendEntry>();
  private readonly created = new Map<string, Promise<Backend>>();
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  /** Adds an entry. Throws if another entry already has its name. */
  register(entry: BackendEntry): void {
    const existing = this.entries.get(entry.name);
    if (existing === entry) return;
    if (existing) {
      throw new BenchError(
        'BenchError.DuplicateBackend',
        `backend "${entry.name}" is already registered by ${existing.packageName}; pick another name for ${entry.packageName}`,
      );
    }
    this.entries.set(entry.name, entry);
  }

  /** Registered names, highest priority first. */
  names(): string[] {
    return this.list().map((e) => e.name);
  }

  /** Registered entries, highest priority first. */
  list(): BackendEntry[] {
    return [...this.entries.values()].sort((a, b) => b.priority - a.priority || a.name.localeCompare(b.name));
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The entry for a name; throws with the valid names if unknown. */
  entry(name: string): BackendEntry {
    const e = this.entries.get(name);
    if (!e) {
      throw new BenchError(
        'BenchError.UnknownBackend',
        `unknown backend "${name}"; registered backends: ${this.names().join(', ') || '(none)'}`,
      );
    }
    return e;
  }

  /** Probes one backend (cached); never throws, a throwing probe becomes `available: false`. */
  probe(name: string): Promise<ProbeResult> {
    let p = this.probes.get(name);
    if (!p) {
      const entry = this.entry(name);
      p = entry.probe().catch(
        (error: unknown): ProbeResult => ({
          available: false,
          reason: `probe failed: ${error instanceof Error ? error.message : String(error)}`,
          remedy: `report this as a bug in ${entry.packageName}`,
        }),
      );
      this.probes.set(name, p);
    }
    return p;
  }

  /** Probes every backend, highest priority first. */
  async probeAll(): Promise<ProbeReport[]> {
    return Promise.all(
      this.list().map(async (e) => ({
        name: e.name,
        priority: e.priority,
        description: e.description,
        packageName: e.packageName,
        deviceKind: e.deviceKind,
        ...(await this.probe(e.name)),
      })),
    );
  }

  /**
   * Available backends of the highest priority present (the default when none is named). Backends
   * on emulated devices (software Vulkan) count only when nothing else is available.
   */
  async defaults(): Promise<string[]> {
    const available = (await this.probeAll()).filter((r) => r.available);
    const real = available.filter((r) => !r.emulated);
    const reports = real.length > 0 ? real : available;
    if (reports.length === 0) return [];
    const top = Math.max(...reports.map((r) => r.priority));
    return reports.filter((r) => r.priority === top).map((r) => r.name);
  }

  /** Creates (once) and returns a backend; throws BackendUnavailableError with the probe's reason. */
  async get(name: string): Promise<Backend> {
    let b = this.created.get(name);
    if (!b) {
      const entry = this.entry(name);
      b = (async () => {
        const probe = await this.probe(name);
        if (!probe.available) {
          throw new BackendUnavailableError(name, probe.reason ?? 'probe said unavailable', probe.remedy);
        }
        return entry.create();
      })();
      this.created.set(name, b);
      b.catch(() => this.created.delete(name));
    }
    return b;
  }
}
