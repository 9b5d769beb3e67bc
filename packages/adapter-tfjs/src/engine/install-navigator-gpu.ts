import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The subset of the WebGPU API the loader touches. */
export interface GpuLike {
  requestAdapter(options?: unknown): Promise<AdapterLike | null>;
}

/** The subset of GPUAdapter the loader reads for the device name. */
export interface AdapterLike {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

let installed: GpuLike | undefined;

/**
 * Installs Dawn's WebGPU implementation (npm `webgpu`) as `navigator.gpu` and its globals
 * (GPUBufferUsage, ...) once per process, and returns it. Must run BEFORE
 * `@tensorflow/tfjs-backend-webgpu` is imported: that module registers its backend only if
 * `navigator.gpu` exists at import time. Sets XDG_RUNTIME_DIR to a temp dir when unset
 * (Mesa's Vulkan drivers complain without it).
 */
export async function installNavigatorGpu(): Promise<GpuLike> {
  if (installed) return installed;
  if (!process.env.XDG_RUNTIME_DIR) {
    process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'bench-xdg-'));
  }
  const webgpu = (await import('webgpu')) as unknown as {
    create(flags: string[]): GpuLike;
    globals: Record<string, unknown>;
  };
  const g = globalThis as Record<string, unknown>;
  for (const [k, v] of Object.entries(webgpu.globals)) {
    if (!(k in g)) g[k] = v;
  }
  const gpu = webgpu.create([]);
  const nav = g.navigator as Record<string, unknown> | undefined;
  if (nav) {
    Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
  } else {
    Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  }
  installed = gpu;
  return gpu;
}
