import { collectBatches } from '../backend/batch-source';
import type { Batch, BatchSource, CompileOptions, EvalResult, MemoryInfo, Session } from '../backend/backend';
/**
 * The reference backend's Session: parameters and optimizer state live as Float32Arrays on the
 * host; each step runs `program.train` through the reference executor and rebinds every
 * `program.updates` target to its new value (no copies).
 */
import { BenchError, OpError } from '../errors';
import type { Graph, Program } from '../ir/graph';
import { formatShape, intScalar } from '../tensor';
import type { HostTensor, NamedTensors } from '../tensor';
import { executeGraph } from './execute-graph';
import type { KernelRegistry } from './kernel-registry';
import type { RefTensor } from './ref-tensor';

/** Produces default initial weights (core's `initWeights(program, seed)`). */
export type WeightInitializer = (program: Program, seed: number) => NamedTensors;

/** What a ReferenceSession needs besides the program. */
export interface ReferenceSessionOptions extends CompileOptions {
  backend: string;
  device: string;
  kernels?: KernelRegistry;
  /** Used when `weights` does not cover every param. */
  initWeights?: WeightInitializer;
}

function copyF32(t: HostTensor, what: string, shape: readonly number[]): Float32Array {
  if (t.dtype !== 'float32' || !(t.data instanceof Float32Array)) {
    throw new TypeError(`reference session: ${what} must be a float32 tensor, got ${t.dtype}`);
  }
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new RangeError(
      `reference session: ${what} has shape ${formatShape(t.shape)} but the program declares ${formatShape(shape)}`,
    );
  }
  return t.data.slice();
}

/** A compiled Program on the reference backend. See `Session` for the contract of each method. */
export class ReferenceSession implements Session {
  readonly backend: string;
  readonly device: string;
  private readonly params = new Map<string, HostTensor<'float32'>>();
  private readonly state = new Map<string, HostTensor<'float32'>>();
  private readonly kernels: KernelRegistry | undefined;
  private stepCount = 0;
  private disposed = false;

  constructor(
    readonly program: Program,
    options: ReferenceSessionOptions,
  ) {
    this.backend = options.backend;
    this.device = options.device;
    this.kernels = options.kernels;
    const given = options.weights ?? {};
    const missing = program.params.filter((p) => !given[p.name]);
    let init: NamedTensors = {};
    if (missing.length > 0) {
      if (!options.initWeights) {
        throw new BenchError(
          'BenchError.MissingWeights',
          `backend "${this.backend}": no initial weights for ${missing.map((p) => p.name).join(', ')} and no initWeights is available; pass options.weights`,
        );
      }
      init = options.initWeights(program, options.seed ?? 0);
    }
    const known = new Set(program.params.map((p) => p.name));
    for (const name of Object.keys(given)) {
      if (!known.has(name)) {
        throw new RangeError(
          `backend "${this.backend}": weight "${name}" is not a param of the program; params are ${[...known].join(', ')}`,
        );
      }
    }
    for (const p of program.params) {
      const src = given[p.name] ?? init[p.name];
      if (!src)
        throw new RangeError(`backend "${this.backend}": initWeights gave no tensor for param "${p.name}"`);
      this.params.set(p.name, {
        dtype: 'float32',
        shape: [...p.shape],
        data: copyF32(src, `weight "${p.name}"`, p.shape),
      });
    }
    for (const s of program.state) {
      const n = s.shape.reduce((a, d) => a * d, 1);
      this.state.set(s.name, { dtype: 'float32', shape: [...s.shape], data: new Float32Array(n) });
    }
  }

  get steps(): number {
    return this.stepCount;
  }

  private alive(): void {
    if (this.disposed) {
      throw new BenchError(
        'BenchError.SessionDisposed',
        `backend "${this.backend}": this session was disposed; compile the program again`,
      );
    }
  }

  private feedsFor(graph: Graph, extra: Record<string, HostTensor>): Record<string, RefTensor> {
    const feeds: Record<string, RefTensor> = {};
    for (const input of graph.inputs) {
      const t = extra[input.name] ?? this.params.get(input.name) ?? this.state.get(input.name);
      if (!t) {
        throw new OpError(
          'graph',
          input.name,
          `backend "${this.backend}" has no value for graph input "${input.name}" (not x, y, step, a param or a state)`,
        );
      }
      feeds[input.name] = t;
    }
    return feeds;
  }

  private run(graph: Graph, extra: Record<string, HostTensor>): Record<string, HostTensor<'float32'>> {
    const out = executeGraph(graph, this.feedsFor(graph, extra), {
      precision: 'float32',
      kernels: this.kernels,
    });
    return out as Record<string, HostTensor<'float32'>>;
  }

  async trainStep(batch: Batch): Promise<number> {
    this.alive();
    const p = this.program;
    const step = intScalar(this.stepCount + 1);
    const out = this.run(p.train, { [p.x.name]: batch.x, [p.y.name]: batch.y, [p.step.name]: step });
    for (const u of p.updates) {
      const value = out[u.value];
      const target = this.params.has(u.target)
        ? this.params
        : this.state.has(u.target)
          ? this.state
          : undefined;
      if (!value || !target) {
        throw new OpError(
          'update',
          u.target,
          `update "${u.value}" -> "${u.target}" names no train output or no param/state`,
        );
      }
      target.set(u.target, value);
    }
    this.stepCount++;
    return out[p.train.outputs[0]!]!.data[0]!;
  }

  /** Compiles nothing ahead: engine preparation happens on first use. */
  async prepare(_batchSize: number): Promise<void> {}

  async trainEpoch(source: BatchSource): Promise<Float32Array> {
    const batches = await collectBatches(source);
    const losses = new Float32Array(batches.length);
    for (let i = 0; i < batches.length; i++) losses[i] = await this.trainStep(batches[i]!);
    return losses;
  }

  async evaluate(source: BatchSource): Promise<EvalResult> {
    const batches = await collectBatches(source);
    this.alive();
    if (batches.length === 0)
      throw new RangeError(`backend "${this.backend}": evaluate needs at least one batch`);
    const p = this.program;
    const [lossName, errorsName] = p.evaluate.outputs as [string, string];
    let loss = 0;
    let errors = 0;
    let count = 0;
    for (const b of batches) {
      const n = b.y.shape[0]!;
      const out = this.run(p.evaluate, { [p.x.name]: b.x, [p.y.name]: b.y });
      loss += out[lossName]!.data[0]! * n;
      errors += out[errorsName]!.data[0]!;
      count += n;
    }
    return { loss: loss / count, errorRate: errors / count, count };
  }

  async predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    this.alive();
    const out = this.run(this.program.predict, { [this.program.x.name]: x });
    const probs = out[this.program.predict.outputs[0]!]!;
    return { dtype: 'float32', shape: [...probs.shape], data: probs.data.slice() };
  }

  async getWeights(): Promise<NamedTensors> {
    this.alive();
    const w: NamedTensors = {};
    for (const [name, t] of this.params)
      w[name] = { dtype: 'float32', shape: [...t.shape], data: t.data.slice() };
    return w;
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    this.alive();
    for (const [name, t] of Object.entries(weights)) {
      const cur = this.params.get(name);
      if (!cur) {
        throw new RangeError(
          `backend "${this.backend}": setWeights got "${name}", which is not a param; params are ${[...this.params.keys()].join(', ')}`,
        );
      }
      this.params.set(name, {
        dtype: 'float32',
        shape: cur.shape,
        data: copyF32(t, `weight "${name}"`, cur.shape),
      });
    }
  }

  async getOptimizerState(): Promise<{ step: number; state: NamedTensors }> {
    this.alive();
    const state: NamedTensors = {};
    for (const [name, t] of this.state)
      state[name] = { dtype: 'float32', shape: [...t.shape], data: t.data.slice() };
    return { step: this.stepCount, state };
  }

  async memory(): Promise<MemoryInfo> {
    let bytes = 0;
    for (const t of this.params.values()) bytes += t.data.byteLength;
    for (const t of this.state.values()) bytes += t.data.byteLength;
    return { hostBytes: bytes, tensors: this.params.size + this.state.size };
  }

  async dispose(): Promise<void> {
    this.params.clear();
    this.state.clear();
    this.disposed = true;
  }
}
