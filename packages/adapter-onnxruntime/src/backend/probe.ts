/**
 * Probes for the two backends. They never throw: an unavailable backend says what is missing
 * (the onnxruntime-node package, a provider library, a CUDA library) and how to fix it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { ProbeResult } from '@bench/core';
import { GraphBuilder, NameScope } from '../onnx/graph-builder';
import { buildModel, encodeModel } from '../onnx/model';
import { DataType } from '../onnx/proto';
import { loadOrt } from '../ort/runtime';
import type { Ort } from '../ort/runtime';

const run = promisify(execFile);

/** The CUDA execution provider's libraries, which must sit beside libonnxruntime.so.1. */
export const CUDA_PROVIDER_FILES = [
  'libonnxruntime_providers_shared.so',
  'libonnxruntime_providers_cuda.so',
] as const;

/** The remedy text for a missing CUDA provider (online installer route and offline route). */
export const CUDA_INSTALL_REMEDY =
  'online: `ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js` ' +
  '(the 1.29 installer accepts only "cuda12"; the variable overrides an `onnxruntime-node-install=skip` npm config, the deprecated ONNXRUNTIME_NODE_INSTALL_CUDA=v12 does not; ' +
  'it downloads Microsoft.ML.OnnxRuntime.Gpu.Linux 1.29.0 from nuget.org and needs the CUDA 12 + cuDNN 9 libraries on LD_LIBRARY_PATH). ' +
  'Offline: copy libonnxruntime_providers_cuda.so and libonnxruntime_providers_shared.so from the npm package ' +
  'com.github.asus4.onnxruntime.linux-x64-gpu@0.4.9 (ONNX Runtime 1.29.0 built for CUDA 13) into {binDir} and put the CUDA 13 libraries ' +
  '(libcublas.so.13, libcudart.so.13, libcudnn.so.9, e.g. from the nvidia-* Python packages) on LD_LIBRARY_PATH';

/** Directory holding libonnxruntime.so.1 and the provider libraries, or undefined if onnxruntime-node is absent. */
export function ortBinDir(): string | undefined {
  try {
    const req = createRequire(import.meta.url);
    const pkg = req.resolve('onnxruntime-node/package.json');
    return join(dirname(pkg), 'bin', 'napi-v6', process.platform, process.arch);
  } catch {
    return undefined;
  }
}

/** A one-node model (y = x + x) used to check that a provider really runs. */
export function tinyModel(): Uint8Array {
  const g = new GraphBuilder(new NameScope(), 'probe');
  g.addInput({ name: 'x', type: DataType.FLOAT, dims: [2] });
  g.op('Add', ['x', 'x'], {}, [g.scope.claim('y')]);
  g.addOutput({ name: 'y', type: DataType.FLOAT, dims: [2] });
  return encodeModel(buildModel(g));
}

async function tryRun(ort: Ort, providers: string[]): Promise<void> {
  const session = await ort.InferenceSession.create(tinyModel(), { executionProviders: providers });
  try {
    const out = await session.run({ x: new ort.Tensor('float32', Float32Array.of(1, 2), [2]) });
    const y = out.y!.data as Float32Array;
    if (y[0] !== 2 || y[1] !== 4) throw new Error(`probe model computed [${y.join(', ')}] instead of [2, 4]`);
  } finally {
    await session.release();
  }
}

function message(e: unknown): string {
  // onnxruntime's messages carry ANSI colour codes (ESC [ ... m); strip them for one-line reasons.
  return (e instanceof Error ? e.message : String(e))
    .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')
    .trim();
}

/** Probes the CPU execution provider. */
export async function probeCpu(threads: number): Promise<ProbeResult> {
  let ort: Ort;
  try {
    ort = await loadOrt();
  } catch (e) {
    return {
      available: false,
      reason: `onnxruntime-node cannot be loaded: ${message(e)}`,
      remedy:
        'npm install onnxruntime-node@1.29.0 (set ONNXRUNTIME_NODE_INSTALL=skip where nuget.org is unreachable; the CPU provider ships in the package)',
    };
  }
  try {
    await tryRun(ort, ['cpu']);
  } catch (e) {
    return {
      available: false,
      reason: `onnxruntime CPU provider failed a one-node model: ${message(e)}`,
      remedy: 'reinstall onnxruntime-node@1.29.0',
    };
  }
  return {
    available: true,
    device: `cpu (onnxruntime ${ort.env.versions.common}, ${threads} intra-op thread${threads === 1 ? '' : 's'})`,
  };
}

/** Libraries `ldd` reports as "not found" for a shared object (empty if ldd is unavailable). */
async function missingLibraries(file: string): Promise<string[]> {
  try {
    const { stdout } = await run('ldd', [file], { timeout: 10_000 });
    return stdout
      .split('\n')
      .filter((l) => l.includes('not found'))
      .map((l) => l.trim().split(/\s+/)[0]!);
  } catch {
    return [];
  }
}

async function gpuName(): Promise<string | undefined> {
  try {
    const { stdout } = await run('nvidia-smi', ['--query-gpu=name,driver_version', '--format=csv,noheader'], {
      timeout: 10_000,
    });
    const [name, driver] = stdout
      .trim()
      .split('\n')[0]!
      .split(',')
      .map((s) => s.trim());
    return name ? `${name} (driver ${driver})` : undefined;
  } catch {
    return undefined;
  }
}

/** Probes the CUDA execution provider: provider files, their libraries, then a real session. */
export async function probeCuda(): Promise<ProbeResult> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    return {
      available: false,
      reason: `the onnxruntime-node CUDA provider is built for linux/x64, this is ${process.platform}/${process.arch}`,
      remedy: 'use onnxruntime-cpu here',
    };
  }
  const binDir = ortBinDir();
  if (!binDir) {
    return {
      available: false,
      reason: 'onnxruntime-node is not installed',
      remedy: 'npm install onnxruntime-node@1.29.0, then add the CUDA provider (see the adapter README)',
    };
  }
  const remedy = CUDA_INSTALL_REMEDY.replace('{binDir}', binDir);
  const absent = CUDA_PROVIDER_FILES.filter((f) => !existsSync(join(binDir, f)));
  if (absent.length > 0) {
    return {
      available: false,
      reason: `CUDA provider library missing: ${absent.map((f) => join(binDir, f)).join(', ')}`,
      remedy,
    };
  }
  const missing = await missingLibraries(join(binDir, 'libonnxruntime_providers_cuda.so'));
  if (missing.length > 0) {
    return {
      available: false,
      reason: `libonnxruntime_providers_cuda.so is present but these libraries it links are not found: ${missing.join(', ')}`,
      remedy: `put the directories holding ${missing.join(', ')} on LD_LIBRARY_PATH (CUDA runtime, cuBLAS, cuDNN of the CUDA version the provider was built for); ${remedy}`,
    };
  }
  let ort: Ort;
  try {
    ort = await loadOrt();
    await tryRun(ort, ['cuda']);
  } catch (e) {
    const text = message(e);
    const lib = /lib[a-zA-Z0-9_]+\.so(\.\d+)*/.exec(text)?.[0];
    return {
      available: false,
      reason: `the CUDA provider failed to start${lib ? ` (library ${lib})` : ''}: ${text.slice(0, 600)}`,
      remedy: `check the NVIDIA driver (nvidia-smi) and that cuDNN/cuBLAS are on LD_LIBRARY_PATH; ${remedy}`,
    };
  }
  return {
    available: true,
    device: `${(await gpuName()) ?? 'NVIDIA GPU'} via onnxruntime ${ort.env.versions.common} CUDA provider`,
  };
}
