/** The registry entries of this package: `gpujs-webgpu`, `gpujs-gl`, `gpujs-wasm`, `gpujs-cpu`. */
import type { BackendEntry, ProbeResult } from '@bench/core';
import { createGpuJsBackendFromEngine } from './backend/backend-impl';
import type { GpuJsBackend } from './backend/gpujs-backend';
import { createEngine } from './engine/engine-impl';
import { MODES, PACKAGE_NAME } from './modes';
import type { GpuJsMode } from './modes';
import { probeMode } from './probe';

/**
 * Creates the backend for one mode directly (without the registry). Throws the loader's error if
 * the mode cannot run; call `probeMode(mode)` first for a reason and a remedy.
 */
export async function createGpuJsBackend(mode: GpuJsMode): Promise<GpuJsBackend> {
  return createGpuJsBackendFromEngine(mode, await createEngine(mode));
}

function entry(mode: GpuJsMode): BackendEntry {
  const info = MODES[mode];
  let probe: Promise<ProbeResult> | undefined;
  return {
    name: info.backend,
    priority: info.priority,
    description: info.description,
    packageName: PACKAGE_NAME,
    deviceKind: info.deviceKind,
    probe: () => {
      probe ??= probeMode(mode);
      return probe;
    },
    create: () => createGpuJsBackend(mode),
  };
}

/** Every backend of this package, highest priority first. */
export const backends: BackendEntry[] = (['webgpu', 'gl', 'wasm', 'cpu'] as const).map(entry);
