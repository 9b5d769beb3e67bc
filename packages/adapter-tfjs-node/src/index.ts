/** @bench/adapter-tfjs-node: backend `tfjs-node` (TensorFlow.js on libtensorflow, CPU). */
import type { BackendEntry } from '@bench/core';
import { tfjsNode } from './tfjs-node-backend';

export { createTfjsNodeBackend, tfjsNode, TFJS_NODE_PACKAGE } from './tfjs-node-backend';
export type { TfjsNodeBackendOptions } from './tfjs-node-backend';

/** Every backend entry of this package, for `registry.register(...)`. */
export const backends: BackendEntry[] = [tfjsNode];
