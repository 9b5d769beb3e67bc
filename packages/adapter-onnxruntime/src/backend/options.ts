/**
 * Options of the onnxruntime backends (`createOnnxruntimeBackend`), with the defaults chosen by
 * measurement on a 2-core machine (see the README's numbers).
 */
import { availableParallelism } from 'node:os';

/** How `Session.trainEpoch` drives onnxruntime. */
export type EpochMode = 'loop' | 'step';

/** Options for the onnxruntime backends. */
export interface OnnxruntimeBackendOptions {
  /**
   * Threads inside one op (onnxruntime's `intraOpNumThreads`). Default: the env var
   * `BENCH_ORT_THREADS`, else the machine's available parallelism (as PyTorch does): on an idle
   * 2-vCPU machine 2 threads tie with 1 on small E3 models and cut the 11-layer epoch by ~40%.
   * Set 1 on a machine shared with other jobs, where extra threads only contend. Honoured by the
   * CPU provider; the CUDA provider uses it for the ops that fall back to the CPU.
   */
  intraOpNumThreads?: number;
  /**
   * Whether idle intra-op threads spin waiting for work (onnxruntime's
   * `session.intra_op.allow_spinning`). Default: env `BENCH_ORT_SPIN` (`0` = off), else on
   * (onnxruntime's default). On a shared machine spinning threads steal the CPU the working thread
   * needs: E4 step with 2 threads at load 8, 1,163 ms spinning vs 890 ms not (1 thread: 662 ms).
   */
  intraOpSpinning?: boolean;
  /** onnxruntime graph optimisation level. Default `'all'`. */
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /**
   * `'loop'` (default): each run of equal-sized batches in `trainEpoch` is one `session.run` of
   * an ONNX Loop with parameters loop-carried; `'step'`: one `session.run` per batch.
   */
  epochMode?: EpochMode;
  /**
   * Largest batch data (x and y, bytes) stacked into one Loop run; longer epochs run as several
   * Loops. Default 64 MiB (about 21 E4 batches of 250 CIFAR images), so an epoch never needs a
   * copy of the whole data set in memory; each extra run costs one parameter copy in and out.
   */
  maxLoopBytes?: number;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  intraOpNumThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  intraOpSpinning: boolean;
  epochMode: EpochMode;
  maxLoopBytes: number;
}

/** Applies defaults and checks values (RangeError naming the option and the bad value). */
export function resolveOptions(options: OnnxruntimeBackendOptions = {}): ResolvedOptions {
  const env = process.env.BENCH_ORT_THREADS;
  const threads = options.intraOpNumThreads ?? (env ? Number(env) : availableParallelism());
  if (!Number.isInteger(threads) || threads < 0) {
    throw new RangeError(
      `onnxruntime backend: intraOpNumThreads must be a non-negative integer (0 = onnxruntime's default), got ${options.intraOpNumThreads ?? `BENCH_ORT_THREADS=${env}`}`,
    );
  }
  const epochMode = options.epochMode ?? 'loop';
  if (epochMode !== 'loop' && epochMode !== 'step') {
    throw new RangeError(`onnxruntime backend: epochMode must be "loop" or "step", got ${String(epochMode)}`);
  }
  const maxLoopBytes = options.maxLoopBytes ?? 64 * 2 ** 20;
  if (!(maxLoopBytes > 0))
    throw new RangeError(`onnxruntime backend: maxLoopBytes must be > 0, got ${maxLoopBytes}`);
  const spinEnv = process.env.BENCH_ORT_SPIN;
  if (options.intraOpSpinning === undefined && spinEnv !== undefined && spinEnv !== '0' && spinEnv !== '1')
    throw new RangeError(`onnxruntime backend: BENCH_ORT_SPIN must be 0 or 1, got "${spinEnv}"`);
  return {
    intraOpNumThreads: threads,
    intraOpSpinning: options.intraOpSpinning ?? spinEnv !== '0',
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    epochMode,
    maxLoopBytes,
  };
}

/** The InferenceSession options every session of a backend is created with. */
export function ortSessionOptions(options: ResolvedOptions, providers: string[]) {
  return {
    executionProviders: providers,
    intraOpNumThreads: options.intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential' as const,
    graphOptimizationLevel: options.graphOptimizationLevel,
    // Absent unless turned off, so onnxruntime's own default applies otherwise.
    ...(options.intraOpSpinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  };
}
