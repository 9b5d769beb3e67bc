/** @bench/adapter-tfjs-node: backend `tfjs-node` (TensorFlow.js on libtensorflow, CPU). */
import type { BackendEntry } from '@bench/core';
import { tfjsNode } from './tfjs-node-backend';

export {
  createTfjsNodeBackend,
  tfjsNode,
  TENSORFLOW_WHEEL_VERSION,
  TFJS_NODE_PACKAGE,
  TFJS_NODE_VERSION,
  WHEEL_ROUTE,
} from './tfjs-node-backend';
export { tensorflowVersion } from './tensorflow-version';
export type { TfjsNodeBackendOptions } from './tfjs-node-backend';

/** Every backend entry of this package, for `registry.register(...)`. */
export const backends: BackendEntry[] = [tfjsNode];
