/**
 * A minimal Bench backend, `naive-js`: a name, a probe, capabilities, `run` for single graphs and
 * `compile` for training sessions. It executes graphs with its own kernel registry; the session
 * is core's (`createReferenceSession`: core's TrainingSession over the host-memory handler that
 * runs graphs with these kernels), which is how a host-memory backend can start. A device
 * backend writes its own SessionHandler and passes it to `createTrainingSession`.
 */
import {
  KernelRegistry,
  OP_NAMES,
  createReferenceSession,
  executeGraph,
  referenceKernels,
} from '@bench/core';
import type { Backend, BackendEntry, HostTensor } from '@bench/core';
import { naiveMatmul, naiveRelu } from './naive-kernels';

const NAME = 'naive-js';
const DEVICE = 'cpu (naive JavaScript loops)';

/** The kernels: our own two, the reference ones for the rest. */
export function naiveKernels(): KernelRegistry {
  const ours = [naiveMatmul, naiveRelu];
  const rest = referenceKernels.filter((k) => !ours.some((o) => o.op === k.op));
  return new KernelRegistry([...ours, ...rest], NAME);
}

export function createNaiveBackend(): Backend {
  const kernels = naiveKernels();
  const backend: Backend = {
    name: NAME,
    device: DEVICE,
    capabilities: { ops: OP_NAMES, deviceKind: 'cpu' },
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
