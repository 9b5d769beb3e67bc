/**
 * A loaded TensorFlow.js engine: the tfjs namespace plus the name of the tfjs backend (`cpu`,
 * `wasm`, `webgpu`, `tensorflow`) that must be active while a Bench backend runs on it.
 */
import type { Tf } from '../tf-types';
import type { EngineFeatures } from './engine-features';

/** What an engine loader returns. */
export interface TfjsEngine {
  /** The tfjs namespace whose global engine holds the backend. */
  readonly tf: Tf;
  /** Name of the tfjs backend, as registered with `tf.registerBackend`. */
  readonly engineName: string;
  /** Human-readable device, for records (e.g. `wasm (SIMD, 1 thread)`). */
  readonly device: string;
  /** Engine behaviours kernels adapt to (measured at load). */
  readonly features: EngineFeatures;
  /** Makes this engine's backend the active one (tfjs has one global active backend). */
  activate(): Promise<void>;
  /** Releases engine-wide resources (the WebGPU device); the engine is unusable afterwards. */
  dispose(): Promise<void>;
}

/** Loads an engine; throws with the loader's own message when it cannot. */
export type TfjsEngineLoader = () => Promise<TfjsEngine>;
