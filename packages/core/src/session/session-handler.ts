/**
 * The backend-facing half of a training session. An adapter implements this thin handler; core's
 * TrainingSession (`createTrainingSession`) wraps it and owns everything else: the step counter,
 * the disposed state, batch and weight validation, evaluate weighting, the empty-input rule,
 * epoch batching and the memory kind. Methods are prefixed `do` where users must not call them
 * directly; a handler never validates its inputs again (the session already did).
 */
import type { Batch } from '../backend/backend';
import type { HostTensor, NamedTensors } from '../tensor';

/** One batch's evaluation: the batch's mean loss and its count of wrong predictions. */
export interface BatchEvaluation {
  loss: number;
  errors: number;
}

/** Memory a handler holds, in the location it names (default: the backend's `deviceKind`). */
export interface HandlerMemory {
  bytes?: number;
  /** Live tensors or buffers the engine tracks, if known. */
  tensors?: number;
  /**
   * Where `bytes` live. Omit to take the backend's `deviceKind` (`gpu` -> device memory); set
   * `host` for an engine that keeps a GPU backend's tensors in host memory.
   */
  location?: 'host' | 'device';
}

/** What an adapter implements for training; see the file comment. */
export interface SessionHandler {
  /**
   * Finishes engine preparation for batches of `batchSize` rows (engine sessions, graph plans,
   * kernel compilation). Called at most once per size, from `Session.prepare`. Optional: an
   * engine with nothing to prepare omits it.
   */
  doPrepare?(batchSize: number): Promise<void>;
  /** Runs training step number `step` (1-based) on a validated batch; returns its loss. */
  doTrainStep(batch: Batch, step: number): Promise<number>;
  /**
   * Optional fused path: runs one step per batch, the first numbered `firstStep`, in one engine
   * call (an ONNX Loop, a deferred read-back), and returns every step's loss. The session gives
   * it two or more batches of the same shape, together at most `fusedStepBytes` bytes.
   */
  doTrainSteps?(batches: readonly Batch[], firstStep: number): Promise<Float32Array>;
  /** Most batch bytes (x and y) one `doTrainSteps` call receives. Default 64 MiB. */
  readonly fusedStepBytes?: number;
  /** Evaluates a validated batch in eval mode (no dropout). */
  doEvaluate(batch: Batch): Promise<BatchEvaluation>;
  /** Class probabilities `[N, numClasses]` for a validated input `[N, ...]`. */
  doPredict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>>;
  /** Every parameter in canonical layout, as host copies. */
  getParams(): Promise<NamedTensors>;
  /**
   * Replaces the named parameters (validated: known names, float32, right shapes). The
   * tensors belong to the caller: copy or upload them, don't keep them.
   */
  setParams(params: NamedTensors): Promise<void>;
  /** Every optimizer state tensor, as host copies. */
  getOptimizerState(): Promise<NamedTensors>;
  /** Replaces the named optimizer state tensors (validated like `setParams`). */
  setOptimizerState(state: NamedTensors): Promise<void>;
  /** Memory the engine holds for this session (or engine-wide, where that is all it knows). */
  memory(): Promise<HandlerMemory>;
  /** Releases the engine resources; called once. */
  dispose(): Promise<void>;
  /** Optional: writes the current model as a plain inference ONNX file. */
  exportOnnx?(path: string): Promise<void>;
}
