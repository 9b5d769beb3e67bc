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
   * Loops. Default: env `BENCH_ORT_LOOP_MIB` (MiB), else 16 MiB (5 E4 batches of 250 CIFAR images;
   * batches of a few KB, as E3's, still run whole epochs as one Loop; `prepare(batchSize)` raises
   * it to two batches of that size where needed, as E1's 28 MB batches). The process holds the
   * batches and their stacked copy; each extra run costs one parameter copy in and out, about
   * 10 MB for E4: 16 MiB Loops ran a full E4 epoch ~2% faster than 8 MiB at the same peak RSS,
   * 64 MiB peaked ~160 MiB higher (README).
   */
  maxLoopBytes?: number;
  /**
   * onnxruntime's CPU memory arena (`enableCpuMemArena`). Default: env `BENCH_ORT_ARENA` (`0`/`1`),
   * else on. Off, every tensor goes through glibc malloc, which keeps what onnxruntime frees on
   * its threads' heaps: E4 peaks higher (825 vs 570 MiB) and steps are slower.
   */
  cpuMemArena?: boolean;
  /**
   * onnxruntime's memory-pattern planning (`enableMemPattern`). Default: env
   * `BENCH_ORT_MEM_PATTERN` (`0`/`1`), else off: with the arena on, patterns made E4's training
   * arena ~120 MiB and its evaluation arena ~80 MiB larger at the same speed (README).
   */
  memPattern?: boolean;
  /**
   * Release the sessions of the phase that is over when the other starts (training: the step and
   * Loop models; inference: the evaluate and predict models), so that only one phase's arena is
   * held (onnxruntime-node cannot shrink an arena; releasing its session frees it), and re-create
   * them at once in the background (a new session has no arena yet). `'auto'` (default) does so
   * only for a phase whose runs took at least 20 times as long as creating its sessions (E4's
   * epochs and evaluations, not E3's millisecond epochs, where re-creating would cost more than it
   * saves); `true` always, `false` never. Env `BENCH_ORT_RELEASE` (`0`, `1`, `auto`).
   */
  releaseIdlePhase?: boolean | 'auto';
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  intraOpNumThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
  intraOpSpinning: boolean;
  epochMode: EpochMode;
  maxLoopBytes: number;
  cpuMemArena: boolean;
  memPattern: boolean;
  releaseIdlePhase: boolean | 'auto';
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
  const loopEnv = process.env.BENCH_ORT_LOOP_MIB;
  const maxLoopBytes = options.maxLoopBytes ?? (loopEnv ? Number(loopEnv) * 2 ** 20 : 16 * 2 ** 20);
  if (!(maxLoopBytes > 0)) {
    throw new RangeError(
      `onnxruntime backend: maxLoopBytes must be > 0, got ${options.maxLoopBytes ?? `BENCH_ORT_LOOP_MIB=${loopEnv}`}`,
    );
  }
  return {
    intraOpNumThreads: threads,
    intraOpSpinning: options.intraOpSpinning ?? envFlag('BENCH_ORT_SPIN', true),
    graphOptimizationLevel: options.graphOptimizationLevel ?? 'all',
    epochMode,
    maxLoopBytes,
    cpuMemArena: options.cpuMemArena ?? envFlag('BENCH_ORT_ARENA', true),
    memPattern: options.memPattern ?? envFlag('BENCH_ORT_MEM_PATTERN', false),
    releaseIdlePhase: options.releaseIdlePhase ?? releaseEnv(),
  };
}

function releaseEnv(): boolean | 'auto' {
  return process.env.BENCH_ORT_RELEASE === 'auto' ? 'auto' : envFlag('BENCH_ORT_RELEASE', 'auto');
}

/** A `0`/`1` environment switch, `fallback` when unset (RangeError naming it otherwise). */
function envFlag<T>(name: string, fallback: T): boolean | T {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  if (v !== '0' && v !== '1') {
    const allowed = typeof fallback === 'boolean' ? '0 or 1' : `0, 1 or ${fallback}`;
    throw new RangeError(`onnxruntime backend: ${name} must be ${allowed}, got "${v}"`);
  }
  return v === '1';
}

/** The InferenceSession options every session of a backend is created with. */
export function ortSessionOptions(options: ResolvedOptions, providers: string[]) {
  return {
    executionProviders: providers,
    intraOpNumThreads: options.intraOpNumThreads,
    interOpNumThreads: 1,
    executionMode: 'sequential' as const,
    graphOptimizationLevel: options.graphOptimizationLevel,
    enableCpuMemArena: options.cpuMemArena,
    enableMemPattern: options.memPattern,
    // Absent unless turned off, so onnxruntime's own default applies otherwise.
    ...(options.intraOpSpinning ? {} : { extra: { session: { intra_op: { allow_spinning: '0' } } } }),
  };
}
