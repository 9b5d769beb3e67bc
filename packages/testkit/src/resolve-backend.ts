/**
 * Shared by the vitest wrappers: resolve the backend under test once, or the reason to skip.
 * An unavailable backend (probe says so, or creation throws BackendUnavailableError) is a skip
 * with the reason printed, unless CI requires it (`BENCH_REQUIRED_BACKENDS`): then it fails.
 * Any other error propagates and fails the tests.
 */
import { BackendUnavailableError } from '@bench/core';
import type { Backend, ProbeResult } from '@bench/core';
import { requiredBackends, requiredButUnavailableMessage } from './required';

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
      if (!BackendUnavailableError.isInstance(error)) throw error;
      skipReason = error.message;
    }
  }
  if (requiredBackends().has(name)) {
    throw new Error(requiredButUnavailableMessage('backend', name, skipReason));
  }
  console.warn(`[testkit] skipping ${suite}: ${skipReason}`);
  return { skipReason };
}
