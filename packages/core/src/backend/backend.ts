/**
 * The adapter contract. A Backend turns a Program into a Session that owns parameters and
 * optimizer state on its device; the host sees them only through getWeights/checkpoints.
 */
import type { Graph, Program } from '../ir/graph';
import type { OpName } from '../ir/ops';
import type { HostTensor, NamedTensors } from '../tensor';

/** What `probe()` found. Never throws: an unavailable backend says why and how to fix it. */
export interface ProbeResult {
  available: boolean;
  /** Human-readable device, e.g. `cpu (2 threads)`, `NVIDIA H100 80GB HBM3 (CUDA 13.0)`. */
  device?: string;
  /** Why it is unavailable (the loader's own message where there is one). */
  reason?: string;
  /** What to do about it: a command or setting. */
  remedy?: string;
  /**
   * True when the device is a software emulation of a GPU (Mesa lavapipe/llvmpipe, SwiftShader):
   * the backend works and passes conformance, but is never chosen by default, and its timings
   * say nothing about GPUs.
   */
  emulated?: boolean;
}

/** What a backend can do, for capability queries instead of silent fallbacks. */
export interface BackendCapabilities {
  /** IR ops with a kernel on this backend. */
  ops: readonly OpName[];
  /** Where the numbers are computed. */
  deviceKind: 'cpu' | 'gpu';
  /** Float32 tolerance this backend meets against the reference (absolute, on unit-scale values). */
  tolerance?: number;
}

/** One mini-batch: inputs in canonical layout and int32 labels. */
export interface Batch {
  x: HostTensor<'float32'>;
  y: HostTensor<'int32'>;
}

/**
 * Where a session pulls its batches from: an array, any iterable, or an async iterable (a
 * streaming DataLoader). A session reads it once, in order, and never holds more of it than the
 * steps it is running need.
 */
export type BatchSource = Iterable<Batch> | AsyncIterable<Batch>;

/** Memory use as the engine reports it. */
export interface MemoryInfo {
  /** Bytes held by the engine on the host (tensors, buffers), if known. */
  hostBytes?: number;
  /** Bytes held on the device, if there is one and it is known. */
  deviceBytes?: number;
  /** Live tensors/buffers the engine tracks, if known (leak checks). */
  tensors?: number;
}

/** Mean loss and error rate over some batches. */
export interface EvalResult {
  loss: number;
  errorRate: number;
  count: number;
}

/** Options for `Backend.compile`. */
export interface CompileOptions {
  /** Initial weights in canonical layout (defaults to `initWeights(program, seed)`). */
  weights?: NamedTensors;
  /** Seed for default initial weights. */
  seed?: number;
}

/**
 * A compiled program on a device. Every backend's session is core's `createTrainingSession` over
 * the adapter's SessionHandler, so the checks and errors below are the same everywhere: a
 * disposed session throws SessionDisposedError, a batch that does not match the program
 * InvalidBatchError, unknown or mis-shaped weights InvalidWeightsError, and no input at all
 * (no batches, zero rows) EmptyInputError.
 */
export interface Session {
  readonly backend: string;
  readonly device: string;
  readonly program: Program;
  /** Number of training steps run so far (the next step uses `steps + 1`). */
  readonly steps: number;
  /** Runs one training step; returns its loss. */
  trainStep(batch: Batch): Promise<number>;
  /**
   * Finishes engine preparation for batches of `batchSize` rows (graph building, engine
   * sessions, kernel compilation), so that the first step carries no compile cost. Idempotent:
   * a second call with the same size does nothing. The trainer times it as compile time.
   */
  prepare(batchSize: number): Promise<void>;
  /** Runs one step per batch, in order, pulling batches as it goes; returns each step's loss. */
  trainEpoch(batches: BatchSource): Promise<Float32Array>;
  /** Mean loss and error rate (eval mode: no dropout) over the batches, weighted by batch size. */
  evaluate(batches: BatchSource): Promise<EvalResult>;
  /** Class probabilities `[N, numClasses]` for inputs `[N, ...]`. */
  predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>>;
  /** Parameters in canonical layout, by param name. */
  getWeights(): Promise<NamedTensors>;
  /** Replaces some or all parameters (canonical layout); optimizer state is kept. */
  setWeights(weights: NamedTensors): Promise<void>;
  /** Optimizer state (Adam m/v) by state name, and the step counter. */
  getOptimizerState(): Promise<{ step: number; state: NamedTensors }>;
  /**
   * Restores optimizer state and the step counter (a checkpoint's, or another session's), so
   * training resumes exactly; state names not given keep their values.
   */
  setOptimizerState(state: { step: number; state: NamedTensors }): Promise<void>;
  /** Memory the engine holds, as host or device bytes by the backend's `deviceKind`. */
  memory(): Promise<MemoryInfo>;
  /** Releases the session's engine resources; idempotent. `memory()` still answers after. */
  dispose(): Promise<void>;
  /**
   * Optional capability: writes the trained model as a plain inference ONNX file (input `x` in
   * canonical layout, output `probs`), loadable by any ONNX runtime. Backends that cannot, omit it.
   */
  exportOnnx?(path: string): Promise<void>;
}

/** A compute backend: one engine on one device. */
export interface Backend {
  readonly name: string;
  readonly capabilities: BackendCapabilities;
  /** Device description for records. */
  readonly device: string;
  /**
   * Runs a stand-alone graph once and returns the requested outputs on the host. This is the
   * op-level path the conformance suite uses; training goes through `compile`.
   */
  run(graph: Graph, feeds: Record<string, HostTensor>): Promise<Record<string, HostTensor>>;
  /** Compiles a training program into a session. */
  compile(program: Program, options?: CompileOptions): Promise<Session>;
  /** Releases engine-wide resources (GPU device, worker threads). */
  dispose?(): Promise<void>;
}

/**
 * A registry entry: a name, a priority, a cheap `probe()` and a lazy `create()` that loads the
 * engine on first use. Adapter packages export an array of these as `backends`.
 */
export interface BackendEntry {
  name: string;
  /** Higher runs first when the user names no backend. */
  priority: number;
  /** One line for `bench doctor`. */
  description: string;
  /** The package that provides it, for remedies. */
  packageName: string;
  deviceKind: 'cpu' | 'gpu';
  probe(): Promise<ProbeResult>;
  create(): Promise<Backend>;
}
