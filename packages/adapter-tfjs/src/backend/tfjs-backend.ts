/**
 * Options of `createTfjsBackend`, the factory every tfjs-based Bench backend is built with
 * (tfjs-cpu, tfjs-wasm, tfjs-webgpu here; tfjs-node and tfjs-cuda in their own packages).
 */
import type { ProbeResult } from '@bench/core';
import type { TfjsEngineLoader } from '../engine/tfjs-engine';

/** How to build one tfjs backend entry. */
export interface TfjsBackendOptions {
  /** Bench backend name, e.g. `tfjs-wasm`. */
  name: string;
  /** tfjs backend (engine) name the loader activates: `cpu`, `wasm`, `webgpu`, `tensorflow`. */
  engine: string;
  /** Loads the engine (imports its package, initialises it); throws with the loader's message. */
  load: TfjsEngineLoader;
  /** Registry priority: higher is preferred when the user names no backend. */
  priority: number;
  /** One line for `bench doctor`. */
  description: string;
  /** npm package that provides the entry, for remedies. */
  packageName: string;
  deviceKind: 'cpu' | 'gpu';
  /** Float32 tolerance against the reference executor (absolute, unit-scale values). */
  tolerance?: number;
  /**
   * Checks that run before loading (e.g. is the CUDA runtime present?); return a result with
   * `available: false` to stop there, or undefined to go on and load the engine.
   */
  precheck?: () => Promise<ProbeResult | undefined>;
  /** Turns a load failure into a reason and remedy; defaults to the error message. */
  explainLoadError?: (error: unknown) => ProbeResult;
}
