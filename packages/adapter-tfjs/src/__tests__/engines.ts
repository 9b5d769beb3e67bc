/**
 * Test helper: the tfjs backends of this package with their probe results, so suites can
 * `describe.skipIf(!probe.available)` with the probe's reason in the suite name.
 */
import type { Backend, BackendEntry, ProbeResult } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { backends } from '../backends';

/** One backend entry and what its probe said here. */
export interface ProbedEntry {
  entry: BackendEntry;
  probe: ProbeResult;
}

/**
 * Probes every backend of this package; prints a warning for each that is unavailable, or
 * throws (failing the test file) for one CI requires (`BENCH_REQUIRED_BACKENDS`).
 */
export async function probeAll(): Promise<ProbedEntry[]> {
  const out: ProbedEntry[] = [];
  for (const entry of backends) {
    const probe = await entry.probe();
    skipUnavailableBackend(entry.name, probe);
    out.push({ entry, probe });
  }
  return out;
}

/** A suite title that carries the skip reason when the backend is unavailable. */
export function suiteName(p: ProbedEntry, what: string): string {
  return p.probe.available
    ? `${p.entry.name}: ${what}`
    : `${p.entry.name}: ${what} (SKIPPED: ${p.probe.reason})`;
}

const created = new Map<string, Promise<Backend>>();

/** Creates each backend once per test file. */
export function backendOf(entry: BackendEntry): Promise<Backend> {
  let b = created.get(entry.name);
  if (!b) {
    b = entry.create();
    created.set(entry.name, b);
  }
  return b;
}
