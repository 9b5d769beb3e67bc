import { BenchError } from '@bench/core';

const marker = 'bench.error.gpujs-mode-fallback';
const symbol = Symbol.for(marker);

/**
 * gpu.js ran a kernel in a different mode than the backend promised (gpu.js silently degrades,
 * e.g. webasm -> cpu for unsupported features). Thrown instead of reporting a mode that did not
 * run; names the op, the backend, the mode asked for, the mode that ran and gpu.js's reason.
 */
export class ModeFallbackError extends BenchError {
  private readonly [symbol] = true;

  constructor(
    readonly op: string,
    readonly backend: string,
    readonly expectedMode: string,
    readonly actualMode: string,
    readonly fallbackReason: string | null,
  ) {
    super(
      'BenchError.GpuJsModeFallback',
      `op "${op}" on backend "${backend}": gpu.js ran the kernel in mode "${actualMode}" instead of "${expectedMode}"` +
        `${fallbackReason ? ` (gpu.js: ${fallbackReason})` : ''}. ` +
        `Use backend "gpujs-${actualMode === 'webasm' ? 'wasm' : actualMode}" explicitly, or report the kernel source as a bug in @bench/adapter-gpujs.`,
    );
  }

  /** True for a ModeFallbackError from any copy of the package (false for other BenchErrors). */
  static override isInstance(error: unknown): error is ModeFallbackError {
    return BenchError.hasMarker(error, marker);
  }
}
