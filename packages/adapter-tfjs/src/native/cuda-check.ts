import { execFile } from 'node:child_process';
import type { ProbeResult } from '@bench/core';
import { findSharedLibrary } from './shared-library';

/** What tfjs-node-gpu 4.x (libtensorflow 2.9.1) needs from the CUDA installation. */
export const TFJS_NODE_GPU_LIBRARIES = ['libcudart.so.11.0', 'libcudnn.so.8'] as const;

/** Inputs of `checkCuda`, injectable for tests. */
export interface CudaCheckOptions {
  /** nvidia-smi executable. Default `nvidia-smi`. */
  nvidiaSmi?: string;
  /** Shared libraries that must open. Default TFJS_NODE_GPU_LIBRARIES. */
  libraries?: readonly string[];
  /** Library lookup. Default `findSharedLibrary` (dlopen). */
  findLibrary?: (name: string) => { found: boolean; message?: string };
}

/** GPU name and driver from nvidia-smi, or the reason it failed. */
export function queryNvidiaSmi(nvidiaSmi = 'nvidia-smi'): Promise<{ gpus: string[]; error?: string }> {
  return new Promise((resolve) => {
    execFile(
      nvidiaSmi,
      ['--query-gpu=name,driver_version', '--format=csv,noheader'],
      { timeout: 10_000 },
      (error, stdout, stderr) => {
        if (error) {
          resolve({ gpus: [], error: (stderr || error.message).trim() });
          return;
        }
        resolve({
          gpus: stdout
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        });
      },
    );
  });
}

/**
 * Checks, before loading tfjs-node-gpu, that a CUDA device is visible (nvidia-smi lists one)
 * and that the CUDA 11.2 runtime and cuDNN 8 libraries open. Returns an unavailable ProbeResult
 * naming the first missing piece, or `{ available: true, device }`.
 */
export async function checkCuda(options: CudaCheckOptions = {}): Promise<ProbeResult> {
  const smi = await queryNvidiaSmi(options.nvidiaSmi);
  if (smi.gpus.length === 0) {
    return {
      available: false,
      reason: `no CUDA device: nvidia-smi ${smi.error ? `failed: ${smi.error}` : 'lists no GPU'}`,
      remedy:
        'run on a machine with an NVIDIA GPU and its driver (nvidia-smi must list it), or use tfjs-node / tfjs-wasm on the CPU',
    };
  }
  const find = options.findLibrary ?? findSharedLibrary;
  for (const lib of options.libraries ?? TFJS_NODE_GPU_LIBRARIES) {
    const r = find(lib);
    if (!r.found) {
      return {
        available: false,
        reason: `wrong or missing CUDA/cuDNN: ${lib} does not open (${r.message ?? 'not found'}); tfjs-node-gpu 4.x is built against CUDA 11.2 and cuDNN 8.1`,
        remedy: `install CUDA 11.2 runtime and cuDNN 8.1 (newer CUDA majors such as 12 or 13 do not provide ${lib}) and put their lib directories on LD_LIBRARY_PATH`,
        device: smi.gpus[0],
      };
    }
  }
  return { available: true, device: smi.gpus[0] };
}
