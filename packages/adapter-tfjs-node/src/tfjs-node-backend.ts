/**
 * Backend `tfjs-node`: the shared tfjs adapter on `@tensorflow/tfjs-node` (libtensorflow on the
 * CPU, all cores). The engine package is an optional peer dependency: its installer downloads
 * libtensorflow, so it is only present where a user installed it with internet access.
 */
import { createNativeTfjsBackend } from '@bench/adapter-tfjs';
import type { BackendEntry } from '@bench/core';

/** npm package of the engine. */
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

/** Options of `createTfjsNodeBackend`. */
export interface TfjsNodeBackendOptions {
  /**
   * Where to resolve `@tensorflow/tfjs-node` from (a directory, file or file URL). Default: this
   * package's location; `BENCH_TFJS_NODE_FROM` overrides it.
   */
  resolveFrom?: string;
}

/** Creates the `tfjs-node` registry entry (priority 30, CPU). */
export function createTfjsNodeBackend(options: TfjsNodeBackendOptions = {}): BackendEntry {
  return createNativeTfjsBackend({
    name: 'tfjs-node',
    modulePackage: TFJS_NODE_PACKAGE,
    resolveFrom: options.resolveFrom ?? process.env.BENCH_TFJS_NODE_FROM ?? import.meta.url,
    packageName: '@bench/adapter-tfjs-node',
    priority: 30,
    description: 'TensorFlow.js on libtensorflow (CPU) via @tensorflow/tfjs-node',
    deviceKind: 'cpu',
  });
}

/** The `tfjs-node` entry. */
export const tfjsNode: BackendEntry = createTfjsNodeBackend();
