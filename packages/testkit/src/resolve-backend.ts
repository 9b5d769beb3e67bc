/**
 * Shared by the vitest wrappers: resolve the backend under test once, or the reason to skip.
 * An unavailable backend (probe says so, or creation throws BackendUnavailableError) is a skip
 * with the reason printed; any other error propagates and fails the tests.
 */
import { BenchError } from '@bench/core';
import type { Backend, ProbeResult } from '@bench/core';

/** The backend, or why the tests skip. */
export type ResolvedBackend =
  | { backend: Backend; skipReason?: undefined }
  | { backend?: undefined; skipReason: string };

export async function resolveBackendForTests(
  name: string,
  suite: string,
  getBackend: () => Backend | Promise<Backend>,
  probe?: () => ProbeResult | Promise<ProbeResult>,
): Promise<ResolvedBackend> {
  const found = probe ? await probe() : { available: true };
  let skipReason: string;
  if (!found.available) {
    skipReason = `backend "${name}" unavailable: ${found.reason ?? 'probe said unavailable'}${found.remedy ? ` (fix: ${found.remedy})` : ''}`;
  } else {
    try {
      return { backend: await getBackend() };
    } catch (error) {
      if (!BenchError.isInstance(error) || error.name !== 'BenchError.BackendUnavailable') throw error;
      skipReason = error.message;
    }
  }
  console.warn(`[testkit] skipping ${suite}: ${skipReason}`);
  return { skipReason };
}
