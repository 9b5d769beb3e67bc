/**
 * The registry entries `onnxruntime-cpu` (priority 20) and `onnxruntime-cuda` (priority 40,
 * gpu), and `createOnnxruntimeBackend` for direct use with options.
 */
import { BackendUnavailableError } from '@bench/core';
import type { Backend, BackendEntry } from '@bench/core';
import { setNchwcUnavailable } from '../lower/nchwc-impl';
import { loadOrt } from '../ort/runtime';
import { checkNchwc } from './nchwc-check';
import type { OnnxruntimeBackendOptions } from './options';
import { resolveOptions } from './options';
import { OnnxruntimeBackend } from './ort-backend';
import { probeCpu, probeCuda } from './probe';

const PACKAGE = '@bench/adapter-onnxruntime';

/** Which onnxruntime execution provider a backend uses. */
export type OnnxruntimeProvider = 'cpu' | 'cuda';

/**
 * Creates an onnxruntime backend for a provider after probing it; throws BackendUnavailableError
 * with the probe's reason and remedy when the provider cannot run here.
 */
export async function createOnnxruntimeBackend(
  provider: OnnxruntimeProvider,
  options: OnnxruntimeBackendOptions = {},
): Promise<Backend> {
  const resolved = resolveOptions(options);
  const name = `onnxruntime-${provider}`;
  const probe = provider === 'cpu' ? await probeCpu(resolved.intraOpNumThreads) : await probeCuda();
  if (!probe.available) throw new BackendUnavailableError(name, probe.reason ?? 'probe failed', probe.remedy);
  const ort = await loadOrt();
  if (provider === 'cpu') {
    const nchwcProblem = await checkNchwc(ort);
    if (nchwcProblem) {
      console.warn(`${name}: ${nchwcProblem}; convolutions use onnxruntime's standard Conv instead`);
      setNchwcUnavailable(nchwcProblem);
    }
  }
  return new OnnxruntimeBackend({
    ort,
    name,
    device: probe.device ?? provider,
    deviceKind: provider === 'cpu' ? 'cpu' : 'gpu',
    providers: provider === 'cpu' ? ['cpu'] : ['cuda', 'cpu'],
    options: resolved,
  });
}

/** `onnxruntime-cpu`: the IR as ONNX training graphs on onnxruntime's CPU provider. */
export const onnxruntimeCpuEntry: BackendEntry = {
  name: 'onnxruntime-cpu',
  priority: 20,
  description: 'ONNX Runtime (onnxruntime-node) CPU provider, IR lowered to ONNX training graphs',
  packageName: PACKAGE,
  deviceKind: 'cpu',
  probe: () => probeCpu(resolveOptions().intraOpNumThreads),
  create: () => createOnnxruntimeBackend('cpu'),
};

/** `onnxruntime-cuda`: the same graphs on onnxruntime's CUDA provider. */
export const onnxruntimeCudaEntry: BackendEntry = {
  name: 'onnxruntime-cuda',
  priority: 40,
  description: 'ONNX Runtime (onnxruntime-node) CUDA provider, IR lowered to ONNX training graphs',
  packageName: PACKAGE,
  deviceKind: 'gpu',
  probe: probeCuda,
  create: () => createOnnxruntimeBackend('cuda'),
};

/** The backends this package provides (the CLI registers every adapter package's `backends`). */
export const backends: BackendEntry[] = [onnxruntimeCpuEntry, onnxruntimeCudaEntry];
