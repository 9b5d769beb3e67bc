/**
 * The public face of this adapter's backends and sessions: the core contract plus debug
 * counters (readbacks per step, the gpu.js modes that really ran).
 */
import type { Backend, Session } from '@bench/core';
import type { EngineStats } from '../engine/engine';
import type { GpuJsMode } from '../modes';

/** Engine counters plus per-session figures. */
export interface GpuJsDebugStats extends EngineStats {
  /** Device-to-host reads made by the last `trainStep` (1: the loss). */
  readbacksLastStep: number;
}

/** A Session on a gpu.js engine. */
export interface GpuJsSession extends Session {
  /** Counters for tests and benchmarks; never blocks on the device. */
  debugStats(): GpuJsDebugStats;
}

/** A Backend on a gpu.js engine. */
export interface GpuJsBackend extends Backend {
  readonly mode: GpuJsMode;
  compile(...args: Parameters<Backend['compile']>): Promise<GpuJsSession>;
  /** Engine counters (`ranModes` lists the gpu.js modes that actually executed). */
  debugStats(): EngineStats;
  /** Releases every buffer and kernel of the engine and the gpu.js GPU object. */
  dispose(): Promise<void>;
}
