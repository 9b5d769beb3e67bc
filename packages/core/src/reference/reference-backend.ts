/**
 * The `reference` backend: plain TypeScript float32 kernels on one CPU thread. It is the numeric
 * oracle every other backend is compared with, and a backend you can always run.
 */
import type { Backend, BackendEntry } from '../backend/backend';
import { OP_NAMES } from '../ir/ops';
import type { WeightInitializer } from '../session/training-session';
import type { HostTensor } from '../tensor';
import { executeGraph } from './execute-graph';
import type { AnyKernelConfig } from './kernel';
import { KernelRegistry } from './kernel-registry';
import { createReferenceSession } from './reference-session';
import { referenceKernels } from './register-all';

/** Device string of the reference backend. */
export const REFERENCE_DEVICE = 'cpu (TypeScript, 1 thread)';

/** Options of `createReferenceBackend` (tests use them to build perturbed copies). */
export interface ReferenceBackendOptions {
  /** Backend name (default `reference`). */
  name?: string;
  /** Kernels to use instead of the reference ones (same op set expected). */
  kernels?: readonly AnyKernelConfig[];
  /** Default-weight initializer (default: core's `initWeights` from the compiler). */
  initWeights?: WeightInitializer;
}

/**
 * Creates the reference backend. `run` executes a graph once in float32; `compile` returns core's
 * session over a ReferenceSessionHandler that keeps params and optimizer state as host arrays.
 */
export function createReferenceBackend(options: ReferenceBackendOptions = {}): Backend {
  const name = options.name ?? 'reference';
  const kernels = new KernelRegistry(options.kernels ?? referenceKernels, name);
  const ops = kernels.ops();
  const backend: Backend = {
    name,
    device: REFERENCE_DEVICE,
    capabilities: { ops: OP_NAMES.filter((op) => ops.includes(op)), deviceKind: 'cpu' },
    async run(graph, feeds) {
      return executeGraph(graph, feeds, { precision: 'float32', kernels }) as Record<string, HostTensor>;
    },
    compile(program, compileOptions) {
      return createReferenceSession(backend, program, compileOptions, {
        kernels,
        initWeights: options.initWeights,
      });
    },
  };
  return backend;
}

/** Registry entry of the reference backend: priority 0, always available. */
export const referenceBackendEntry: BackendEntry = {
  name: 'reference',
  priority: 0,
  description: 'Plain TypeScript float32 kernels on one CPU thread: the numeric oracle, always available',
  packageName: '@bench/core',
  deviceKind: 'cpu',
  async probe() {
    return { available: true, device: REFERENCE_DEVICE };
  },
  async create() {
    return createReferenceBackend();
  },
};
