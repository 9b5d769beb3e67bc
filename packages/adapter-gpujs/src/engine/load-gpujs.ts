/**
 * Loading gpu.js and (for the webgpu mode) installing Dawn's WebGPU as `navigator.gpu` first:
 * gpu.js nests webgpu@0.2.9, which needs a newer libstdc++ than Debian 12, but it uses whatever
 * `navigator.gpu` exists, so the top-level webgpu@0.3.10 is installed as the global before the
 * GPU object is created.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// biome-ignore lint/suspicious/noExplicitAny: gpu.js ships loose typings; the adapter narrows them
export type GpuJsModule = { GPU: any };

let gpujs: Promise<GpuJsModule> | undefined;
let webgpu: Promise<{ gpu: GPUish }> | undefined;

/** The part of `navigator.gpu` the probes use. */
export interface GPUish {
  requestAdapter(): Promise<AdapterIsh | null>;
}

/** The part of a WebGPU adapter the probes use. */
export interface AdapterIsh {
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
}

/** Imports gpu.js once. */
export function loadGpuJs(): Promise<GpuJsModule> {
  gpujs ??= import('gpu.js').then((m) => ((m as { default?: GpuJsModule }).default ?? m) as GpuJsModule);
  return gpujs;
}

/**
 * Installs `navigator.gpu` from webgpu@0.3.10 (once) and returns it. Sets XDG_RUNTIME_DIR to a
 * temp dir when unset (Dawn's Vulkan loader wants it). Throws the loader's error if the native
 * module cannot load.
 */
export function installWebGpu(): Promise<{ gpu: GPUish }> {
  webgpu ??= (async () => {
    if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'bench-xdg-'));
    const g = globalThis as unknown as { navigator?: { gpu?: GPUish } };
    if (!g.navigator?.gpu) {
      const mod = (await import('webgpu')) as unknown as {
        create: (flags: string[]) => GPUish;
        globals: Record<string, unknown>;
      };
      Object.assign(globalThis, mod.globals);
      const gpu = mod.create([]);
      if (g.navigator) {
        try {
          Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
        } catch {
          (g as { navigator: unknown }).navigator = { ...g.navigator, gpu };
        }
      } else {
        (g as { navigator: unknown }).navigator = { gpu };
      }
    }
    return { gpu: g.navigator!.gpu! };
  })();
  webgpu.catch(() => {
    webgpu = undefined;
  });
  return webgpu;
}

/** Describes a WebGPU adapter for records: `lavapipe (llvmpipe ...)`, `NVIDIA H100 ...`. */
export function describeAdapter(adapter: AdapterIsh): string {
  const i = adapter.info ?? {};
  const parts = [i.vendor, i.architecture, i.device, i.description].filter((s) => s && s.length > 0);
  return parts.length > 0 ? `WebGPU: ${[...new Set(parts)].join(' ')}` : 'WebGPU adapter (no info)';
}

let liveWebGpuEngines = 0;

/** Counts a webgpu engine in; pair with `releaseWebGpuContext`. */
export function retainWebGpuContext(): void {
  liveWebGpuEngines++;
}

/**
 * Counts a webgpu engine out; the last one destroys gpu.js's process-wide WebGPU device (gpu.js's
 * `gpu.destroy()` leaves it alive, and a live Dawn device keeps Node from exiting). A later
 * engine gets a fresh device.
 */
export async function releaseWebGpuContext(): Promise<void> {
  liveWebGpuEngines = Math.max(0, liveWebGpuEngines - 1);
  if (liveWebGpuEngines > 0) return;
  const mod = (await import('gpu.js/src/backend/web-gpu/context.js' as string)) as {
    WebGPUContext?: { destroy(): Promise<void> };
    default?: { WebGPUContext?: { destroy(): Promise<void> } };
  };
  await (mod.WebGPUContext ?? mod.default?.WebGPUContext)?.destroy();
}
