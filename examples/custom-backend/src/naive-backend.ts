/**
 * A minimal Bench backend, `naive-js`: a name, a probe, capabilities, `run` for single graphs and
 * `compile` for training sessions. It executes graphs with its own kernel registry; the session
 * is core's (`createReferenceSession`: core's TrainingSession over the host-memory handler that
 * runs graphs with these kernels), which is how a host-memory backend can start. A device
 * backend writes its own SessionHandler and passes it to `createTrainingSession`.
 */
import {
  KernelRegistry,
  REFERENCE_KERNELS,
  createReferenceSession,
  executeGraph,
  kernelTableOps,
} from '@bench/core';
import type { Backend, BackendEntry, HostTensor, KernelConfig, KernelTable, OpName } from '@bench/core';
import { naiveMatmul, naiveRelu } from './naive-kernels';

const NAME = 'naive-js';
const DEVICE = 'cpu (naive JavaScript loops)';

/**
 * The kernel table, keyed by op name: our own two, the reference ones for the rest. A new IR op
 * in core is a type error here until it has a kernel.
 */
export const NAIVE_KERNELS = {
  ...REFERENCE_KERNELS,
  matmul: naiveMatmul,
  relu: naiveRelu,
} satisfies KernelTable<{ [K in OpName]: KernelConfig<K> }>;

/** Creates the backend: `run` executes one graph, `compile` gives core's session over these kernels. */
export function createNaiveBackend(): Backend {
  const kernels = new KernelRegistry(Object.values(NAIVE_KERNELS), NAME);
  const backend: Backend = {
    name: NAME,
    device: DEVICE,
    capabilities: { ops: kernelTableOps(NAIVE_KERNELS), deviceKind: 'cpu' },
    async run(graph, feeds) {
      return executeGraph(graph, feeds, { kernels }) as Record<string, HostTensor>;
    },
    compile(program, options) {
      return createReferenceSession(backend, program, options, { kernels });
    },
  };
  return backend;
}

/** What an adapter package exports so that `bench` finds it: registry entries. */
export const backends: BackendEntry[] = [
  {
    name: NAME,
    priority: 1,
    description: 'example backend with hand-written naive kernels',
    packageName: '@bench/example-custom-backend',
    deviceKind: 'cpu',
    probe: async () => ({ available: true, device: DEVICE }),
    create: async () => createNaiveBackend(),
  },
];
