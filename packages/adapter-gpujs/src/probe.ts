/**
 * Probes: can a mode run here, and if not, why and what to do. They never throw. Each probe
 * that says "available" has compiled and run a tiny kernel and checked that gpu.js ran it in the
 * requested mode (gpu.js silently degrades between modes).
 */
import type { ProbeResult } from '@bench/core';
import { isSoftwareDevice } from '@bench/core';
import { createEngine } from './engine/engine-impl';
import { describeGlDevice } from './engine/gl-device';
import { describeAdapter, installWebGpu, loadGpuJs } from './engine/load-gpujs';
import { MODES } from './modes';
import type { GpuJsMode } from './modes';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

const VULKAN_REMEDY =
  'install a Vulkan driver: on a CPU-only Debian 12 machine Mesa lavapipe from bookworm-backports ' +
  '(echo "deb http://deb.debian.org/debian bookworm-backports main" > /etc/apt/sources.list.d/backports.list; ' +
  'apt-get update; apt-get install -t bookworm-backports mesa-vulkan-drivers libvulkan1); on an NVIDIA machine ' +
  'the Vulkan loader libvulkan1 plus VK_DRIVER_FILES pointing at nvidia_icd.json; set XDG_RUNTIME_DIR';

const GL_CONTEXT_REMEDY =
  'headless-gl needs an X display with OpenGL: without one run under Xvfb, e.g. xvfb-run -a <command> ' +
  "(apt-get install xvfb xauth; Mesa's software GL then renders on the CPU)";

async function smoke(mode: GpuJsMode): Promise<string | undefined> {
  const engine = await createEngine(mode);
  try {
    const k = engine.kernel('probe', 'function (a) { return a[this.thread.x] * 2.0; }', 4);
    const input = await engine.upload(Float32Array.of(1, 2, 3, 4));
    const out = await engine.call(k, [input]);
    const got = await engine.read(out);
    if (got[3] !== 8) return `a test kernel returned ${Array.from(got).join(', ')} instead of 2, 4, 6, 8`;
    return undefined;
  } finally {
    await engine.dispose();
  }
}

/** Probes one mode. */
export async function probeMode(mode: GpuJsMode): Promise<ProbeResult> {
  const info = MODES[mode];
  try {
    await loadGpuJs();
  } catch (e) {
    return {
      available: false,
      reason: `gpu.js does not load: ${message(e)}`,
      remedy: 'npm install gpu.js@2.24.1',
    };
  }
  let device: string | undefined;
  if (mode === 'webgpu') {
    try {
      const { gpu } = await installWebGpu();
      const adapter = await gpu.requestAdapter();
      if (!adapter)
        return {
          available: false,
          reason: 'Dawn (npm webgpu) found no WebGPU adapter (no usable Vulkan driver)',
          remedy: VULKAN_REMEDY,
        };
      device = describeAdapter(adapter);
    } catch (e) {
      return {
        available: false,
        reason: `npm package webgpu@0.3.10 (Dawn) does not load: ${message(e)}`,
        remedy: 'npm install webgpu@0.3.10 (0.2.x needs a newer libstdc++ than Debian 12)',
      };
    }
  }
  if (mode === 'gl') {
    try {
      await import(/* optional peer dependency */ 'gl' as string);
    } catch (e) {
      return {
        available: false,
        reason: `the optional peer dependency "gl" (headless-gl) is not installed or did not build: ${message(e).split('\n')[0]}`,
        remedy:
          'npm install gl@8.1.6 (compiles natively, several minutes: on Debian apt-get install g++ make python3 pkg-config ' +
          'libxi-dev libglu1-mesa-dev libglew-dev; then npm_config_build_from_source=true npm rebuild gl), and run under an ' +
          'X server: xvfb-run -a <command> (apt-get install xvfb xauth) where there is no display',
      };
    }
  }
  try {
    const problem = await smoke(mode);
    if (problem)
      return {
        available: false,
        reason: `${info.backend}: ${problem}`,
        remedy: 'report this with your platform details to @bench/adapter-gpujs',
      };
  } catch (e) {
    const noDisplay = mode === 'gl' && !process.env.DISPLAY;
    return {
      available: false,
      reason: `${info.backend}: a test kernel failed: ${message(e)}${noDisplay ? ' (headless-gl found no OpenGL context: DISPLAY is not set)' : ''}`,
      remedy:
        mode === 'webgpu'
          ? VULKAN_REMEDY
          : mode === 'gl'
            ? GL_CONTEXT_REMEDY
            : 'check the gpu.js version (2.24.1 expected)',
    };
  }
  const shown =
    device ??
    (mode === 'wasm'
      ? 'cpu (WebAssembly f32x4 SIMD, 1 thread)'
      : mode === 'cpu'
        ? 'cpu (JavaScript, 1 thread)'
        : describeGlDevice());
  // A software Vulkan/GL device runs the GPU code path on the CPU: available, not a default.
  const emulated = (mode === 'webgpu' || mode === 'gl') && isSoftwareDevice(shown);
  return { available: true, device: shown, ...(emulated ? { emulated } : {}) };
}
