import { ModeFallbackError } from '../errors/mode-fallback-error';

type KernelInstance = { constructor?: { mode?: string; name?: string }; fallbackReason?: string | null };

/**
 * The gpu.js mode a kernel actually ran in. gpu.js's GL kernels (WebGL, WebGL2, headless-gl) all
 * report `constructor.mode === 'gpu'`; the headless-gl one is told apart by its class, so a gl
 * kernel reads as `headlessgl`, the mode name it was requested with.
 */
export function ranMode(fn: { kernel?: unknown }): string {
  const k = fn.kernel as KernelInstance | undefined;
  const mode = k?.constructor?.mode ?? 'unknown';
  return mode === 'gpu' && k?.constructor?.name === 'HeadlessGLKernel' ? 'headlessgl' : mode;
}

/**
 * Returns the gpu.js mode a kernel actually ran in (see `ranMode`) and throws ModeFallbackError
 * when it is not `expected`: gpu.js degrades silently (e.g. webasm -> cpu for kernel maps), and a
 * backend must never report a mode that did not run.
 */
export function checkRanMode(
  fn: { kernel?: unknown },
  op: string,
  backend: string,
  expected: string,
): string {
  const actual = ranMode(fn);
  if (actual !== expected)
    throw new ModeFallbackError(
      op,
      backend,
      expected,
      actual,
      (fn.kernel as KernelInstance | undefined)?.fallbackReason ?? null,
    );
  return actual;
}
