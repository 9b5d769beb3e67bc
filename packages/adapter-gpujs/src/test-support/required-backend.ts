/**
 * `BENCH_REQUIRED_BACKENDS` (comma list, exported by .ci/run): a listed backend's tests fail
 * instead of skipping when its probe says unavailable, so CI cannot pass by skipping an engine
 * it provisions. Elsewhere an absent engine still skips with the probe's printed reason.
 */
import type { ProbeResult } from '@bench/core';

/** Whether `name` is listed in BENCH_REQUIRED_BACKENDS. */
export function isRequiredBackend(name: string, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.BENCH_REQUIRED_BACKENDS ?? '')
    .split(',')
    .map((s) => s.trim())
    .includes(name);
}

/** Wraps a probe so that it throws (failing the suite) when the backend is required and unavailable. */
export function requiredProbe(
  name: string,
  probe: () => Promise<ProbeResult>,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<ProbeResult> {
  return async () => {
    const r = await probe();
    if (!r.available && isRequiredBackend(name, env))
      throw new Error(
        `backend "${name}" is required here (BENCH_REQUIRED_BACKENDS=${env.BENCH_REQUIRED_BACKENDS}) but unavailable: ` +
          `${r.reason ?? 'probe said unavailable'}${r.remedy ? ` (fix: ${r.remedy})` : ''}`,
      );
    return r;
  };
}
