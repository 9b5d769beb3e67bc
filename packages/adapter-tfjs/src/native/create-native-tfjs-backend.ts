/**
 * The factory of the libtensorflow-backed backends (tfjs-node, tfjs-cuda): the shared tfjs
 * backend with a probe that tells apart "package not installed", "libtensorflow failed to load"
 * and, for CUDA, "no CUDA device" and "wrong CUDA/cuDNN version".
 */
import type { BackendEntry, ProbeResult } from '@bench/core';
import { createTfjsBackend } from '../backend/tfjs-backend-impl';
import { checkCuda } from './cuda-check';
import type { CudaCheckOptions } from './cuda-check';
import { loadNativeEngine } from './load-native-engine';
import { LibtensorflowLoadError, NativePackageMissingError } from './native-errors';

/** Options of `createNativeTfjsBackend`. */
export interface NativeTfjsBackendOptions {
  /** Bench backend name (`tfjs-node`, `tfjs-cuda`). */
  name: string;
  /** The tfjs package to load, e.g. `@tensorflow/tfjs-node`. */
  modulePackage: string;
  /** Where to resolve it from: the adapter package's `import.meta.url`, a file or a directory. */
  resolveFrom: string;
  /** The Bench adapter package, for remedies. */
  packageName: string;
  priority: number;
  description: string;
  deviceKind: 'cpu' | 'gpu';
  /** Check CUDA (nvidia-smi, libcudart.so.11.0, libcudnn.so.8) before loading. */
  cuda?: boolean | CudaCheckOptions;
}

/** Turns a native load failure into a reason and remedy. */
export function explainNativeLoadError(error: unknown, modulePackage: string): ProbeResult {
  if (error instanceof NativePackageMissingError) {
    return {
      available: false,
      reason: error.message,
      remedy: `npm install ${modulePackage} (its install script downloads libtensorflow 2.9.1 from storage.googleapis.com, so it needs internet access)`,
    };
  }
  if (error instanceof LibtensorflowLoadError) {
    return {
      available: false,
      reason: `libtensorflow failed to load: ${error.loaderMessage}`,
      remedy:
        `${modulePackage}'s install script downloads libtensorflow: run \`npm rebuild ${modulePackage}\` with internet access, ` +
        `or place libtensorflow.so.2 and libtensorflow_framework.so.2 (2.9.1) in node_modules/${modulePackage}/deps/lib ` +
        `and the built binding at node_modules/${modulePackage}/lib/napi-v8/tfjs_binding.node`,
    };
  }
  return {
    available: false,
    reason: `${modulePackage} failed to initialise: ${error instanceof Error ? error.message : String(error)}`,
    remedy: `reinstall ${modulePackage}; run with BENCH_TFJS_VERBOSE=1 to see TensorFlow's own messages`,
  };
}

/** Creates a BackendEntry for a libtensorflow-backed tfjs engine. */
export function createNativeTfjsBackend(options: NativeTfjsBackendOptions): BackendEntry {
  const cuda = options.cuda === true ? {} : options.cuda || undefined;
  const label = cuda ? 'tensorflow (libtensorflow, CUDA)' : 'tensorflow (libtensorflow, CPU)';
  return createTfjsBackend({
    name: options.name,
    engine: 'tensorflow',
    load: () => loadNativeEngine(options.modulePackage, options.resolveFrom, label),
    priority: options.priority,
    description: options.description,
    packageName: options.packageName,
    deviceKind: options.deviceKind,
    precheck: cuda
      ? async () => {
          const r = await checkCuda(cuda);
          return r.available ? undefined : r;
        }
      : undefined,
    explainLoadError: (error) => explainNativeLoadError(error, options.modulePackage),
  });
}
