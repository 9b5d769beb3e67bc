import { ModeFallbackError } from '../errors/mode-fallback-error';

/**
 * Returns the gpu.js mode a kernel actually ran in (`kernel.kernel.constructor.mode`) and throws
 * ModeFallbackError when it is not `expected`: gpu.js degrades silently (e.g. webasm -> cpu for
 * kernel maps), and a backend must never report a mode that did not run.
 */
export function checkRanMode(
  fn: { kernel?: unknown },
  op: string,
  backend: string,
  expected: string,
): string {
  const k = fn.kernel as { constructor?: { mode?: string }; fallbackReason?: string | null } | undefined;
  const actual = k?.constructor?.mode ?? 'unknown';
  if (actual !== expected)
    throw new ModeFallbackError(op, backend, expected, actual, k?.fallbackReason ?? null);
  return actual;
}
