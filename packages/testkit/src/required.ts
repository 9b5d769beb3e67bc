/**
 * CI names the engines and tools it provisions (`BENCH_REQUIRED_BACKENDS`,
 * `BENCH_REQUIRED_TOOLS`, comma-separated); a test whose backend or tool is on that list must
 * fail when its probe says unavailable, so a broken engine never passes as a skip. Off CI the
 * lists are empty and unavailable engines skip with the reason printed.
 */

function listFromEnv(variable: string): Set<string> {
  const raw = process.env[variable] ?? '';
  return new Set(
    raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s.length > 0),
  );
}

/** The backends CI provisions (`BENCH_REQUIRED_BACKENDS`), e.g. `reference,onnxruntime-cpu`. */
export function requiredBackends(): Set<string> {
  return listFromEnv('BENCH_REQUIRED_BACKENDS');
}

/** The tools CI provisions (`BENCH_REQUIRED_TOOLS`), e.g. `chromium,slurm`. */
export function requiredTools(): Set<string> {
  return listFromEnv('BENCH_REQUIRED_TOOLS');
}

/** The message a required but unavailable backend or tool fails with. */
export function requiredButUnavailableMessage(
  kind: 'backend' | 'tool',
  name: string,
  reason: string,
): string {
  const variable = kind === 'backend' ? 'BENCH_REQUIRED_BACKENDS' : 'BENCH_REQUIRED_TOOLS';
  return `${kind} "${name}" is required (${variable}) but unavailable: ${reason}. Fix the provisioning, or drop it from ${variable} if this machine is not meant to run it`;
}

/**
 * Whether tests of a backend should skip: false when available; when unavailable, true with the
 * reason printed, unless the backend is required, then it throws so the test file fails.
 * Use as `describe.skipIf(skipUnavailableBackend(name, probe))`.
 */
export function skipUnavailableBackend(
  name: string,
  probe: { available: boolean; reason?: string; remedy?: string },
): boolean {
  if (probe.available) return false;
  const reason = `${probe.reason ?? 'probe said unavailable'}${probe.remedy ? ` (fix: ${probe.remedy})` : ''}`;
  if (requiredBackends().has(name)) throw new Error(requiredButUnavailableMessage('backend', name, reason));
  console.warn(`[testkit] skipping tests of backend "${name}": ${reason}`);
  return true;
}

/** As `skipUnavailableBackend`, for an external tool (`chromium`, `slurm`). */
export function skipUnavailableTool(name: string, available: boolean, reason = 'not found'): boolean {
  if (available) return false;
  if (requiredTools().has(name)) throw new Error(requiredButUnavailableMessage('tool', name, reason));
  console.warn(`[testkit] skipping tests that need ${name}: ${reason}`);
  return true;
}
