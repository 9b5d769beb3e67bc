/**
 * A training session on a gpu.js engine. Parameters and optimizer state live in device buffers
 * for the session's life; each step uploads x, y (and dropout masks), launches the train graph,
 * swaps in the updated buffers and reads back only the loss.
 */
import * as core from '@bench/core';
import { BenchError, formatShape, withBatch } from '@bench/core';
import { collectBatches } from '@bench/core';
import type { BatchSource,
  Batch,
  CompileOptions,
  EvalResult,
  HostTensor,
  MemoryInfo,
  NamedTensors,
  Program,
  ValueType,
} from '@bench/core';
import type { DeviceBuffer, GpuJsEngine } from '../engine/engine';
import type { Plan, Value } from './executor';
import { planGraph } from './executor';
import { checkFeed, toHost, toValue } from './feeds';
import type { GpuJsDebugStats, GpuJsSession } from './gpujs-backend';

type GraphKind = 'train' | 'evaluate' | 'predict';

class GpuJsSessionImpl implements GpuJsSession {
  readonly backend: string;
  readonly device: string;
  steps = 0;
  private readonly params = new Map<string, DeviceBuffer>();
  private readonly state = new Map<string, DeviceBuffer>();
  private readonly plans = new Map<string, Plan>();
  private stepDummy: DeviceBuffer | undefined;
  private readbacksLastStep = 0;
  private disposed = false;

  constructor(
    private readonly engine: GpuJsEngine,
    readonly program: Program,
  ) {
    this.backend = engine.backend;
    this.device = engine.device;
  }

  async init(weights: NamedTensors): Promise<void> {
    for (const p of this.program.params) {
      const w = weights[p.name];
      if (!w) {
        throw new BenchError(
          'BenchError.MissingWeight',
          `backend "${this.backend}": compile options.weights lacks parameter "${p.name}" ${formatShape(p.shape)}; pass every parameter of the program`,
        );
      }
      checkFeed(p.name, { shape: p.shape, dtype: 'float32' }, w, this.backend);
      this.params.set(p.name, await this.engine.upload(w.data as Float32Array));
    }
    for (const s of this.program.state) {
      this.state.set(s.name, await this.engine.upload(new Float32Array(core.sizeOf(s.shape))));
    }
    // no kernel reads the step's device buffer (dropout and Adam use its host copy): one shared scalar
    this.stepDummy = await this.engine.upload(new Float32Array(1));
  }

  private plan(kind: GraphKind, batch: number): Plan {
    const key = `${kind}:${batch}`;
    let p = this.plans.get(key);
    if (!p) {
      const graph = this.program[kind];
      const types: Record<string, ValueType> = {};
      for (const v of graph.inputs) types[v.name] = { shape: withBatch(v.shape, batch), dtype: v.dtype };
      p = planGraph(this.engine, graph, types);
      this.plans.set(key, p);
    }
    return p;
  }

  private alive(): void {
    if (this.disposed)
      throw new BenchError(
        'BenchError.Disposed',
        `backend "${this.backend}": the session was disposed; compile the program again`,
      );
  }

  private async feeds(
    kind: GraphKind,
    x: HostTensor<'float32'>,
    y?: HostTensor<'int32'>,
  ): Promise<Map<string, Value>> {
    const prog = this.program;
    checkFeed(prog.x.name, prog.x, x, this.backend);
    const feeds = new Map<string, Value>();
    feeds.set(prog.x.name, await toValue(this.engine, x));
    const inputs = new Set(prog[kind].inputs.map((v) => v.name));
    if (y && inputs.has(prog.y.name)) {
      checkFeed(prog.y.name, prog.y, y, this.backend);
      if (y.shape[0] !== x.shape[0])
        throw new RangeError(
          `backend "${this.backend}": batch has ${x.shape[0]} inputs but ${y.shape[0]} labels; pass one label per row`,
        );
      feeds.set(prog.y.name, await toValue(this.engine, y));
    }
    if (inputs.has(prog.step.name)) {
      feeds.set(prog.step.name, {
        type: { shape: [], dtype: 'int32' },
        buffer: this.stepDummy!,
        host: Int32Array.of(this.steps + 1),
      });
    }
    for (const p of prog.params)
      if (inputs.has(p.name))
        feeds.set(p.name, { type: { shape: p.shape, dtype: 'float32' }, buffer: this.params.get(p.name)! });
    for (const s of prog.state)
      if (inputs.has(s.name))
        feeds.set(s.name, { type: { shape: s.shape, dtype: 'float32' }, buffer: this.state.get(s.name)! });
    return feeds;
  }

  private releaseInputs(feeds: Map<string, Value>): void {
    for (const name of [this.program.x.name, this.program.y.name]) {
      const v = feeds.get(name);
      if (v) this.engine.release(v.buffer);
    }
  }

  async trainStep(batch: Batch): Promise<number> {
    this.alive();
    const before = this.engine.stats().readbacks;
    const feeds = await this.feeds('train', batch.x, batch.y);
    const plan = this.plan('train', batch.x.shape[0]!);
    let out: Map<string, Value>;
    try {
      out = await plan.run(feeds);
    } finally {
      this.releaseInputs(feeds);
    }
    const lossName = this.program.train.outputs[0]!;
    const loss = out.get(lossName)!;
    for (const u of this.program.updates) {
      const fresh = out.get(u.value)!.buffer;
      const table = this.params.has(u.target) ? this.params : this.state;
      const old = table.get(u.target);
      table.set(u.target, fresh);
      if (old && old !== fresh) this.engine.release(old);
    }
    this.steps++;
    const value = (await this.engine.read(loss.buffer))[0]!;
    this.engine.release(loss.buffer);
    this.readbacksLastStep = this.engine.stats().readbacks - before;
    return value;
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
    let loss = 0;
    let errors = 0;
    let count = 0;
    const [lossName, errName] = this.program.evaluate.outputs as [string, string];
    for (const b of batches) {
      const feeds = await this.feeds('evaluate', b.x, b.y);
      let out: Map<string, Value>;
      try {
        out = await this.plan('evaluate', b.x.shape[0]!).run(feeds);
      } finally {
        this.releaseInputs(feeds);
      }
      const n = b.x.shape[0]!;
      const l = out.get(lossName)!.buffer;
      const e = out.get(errName)!.buffer;
      loss += (await this.engine.read(l))[0]! * n;
      errors += (await this.engine.read(e))[0]!;
      count += n;
      this.engine.release(l);
      this.engine.release(e);
    }
    return { loss: count ? loss / count : Number.NaN, errorRate: count ? errors / count : Number.NaN, count };
  }

  async predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    this.alive();
    const feeds = await this.feeds('predict', x);
    let out: Map<string, Value>;
    try {
      out = await this.plan('predict', x.shape[0]!).run(feeds);
    } finally {
      this.releaseInputs(feeds);
    }
    const v = out.get(this.program.predict.outputs[0]!)!;
    const host = (await toHost(this.engine, v)) as HostTensor<'float32'>;
    this.engine.release(v.buffer);
    return host;
  }

  async getWeights(): Promise<NamedTensors> {
    this.alive();
    const w: NamedTensors = {};
    for (const p of this.program.params) {
      w[p.name] = {
        dtype: 'float32',
        shape: [...p.shape],
        data: await this.engine.read(this.params.get(p.name)!),
      };
    }
    return w;
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    this.alive();
    const known = new Map(this.program.params.map((p) => [p.name, p]));
    for (const [name, t] of Object.entries(weights)) {
      const p = known.get(name);
      if (!p)
        throw new BenchError(
          'BenchError.UnknownWeight',
          `backend "${this.backend}": setWeights got "${name}", which is not a parameter; valid: ${[...known.keys()].join(', ')}`,
        );
      checkFeed(name, { shape: p.shape, dtype: 'float32' }, t, this.backend);
      const fresh = await this.engine.upload(t.data as Float32Array);
      const old = this.params.get(name);
      this.params.set(name, fresh);
      if (old) this.engine.release(old);
    }
  }

  async getOptimizerState(): Promise<{ step: number; state: NamedTensors }> {
    this.alive();
    const state: NamedTensors = {};
    for (const s of this.program.state) {
      state[s.name] = {
        dtype: 'float32',
        shape: [...s.shape],
        data: await this.engine.read(this.state.get(s.name)!),
      };
    }
    return { step: this.steps, state };
  }

  async memory(): Promise<MemoryInfo> {
    const s = this.engine.stats();
    const gpu = this.engine.mode === 'webgpu' || this.engine.mode === 'gl';
    return gpu
      ? { deviceBytes: s.liveBytes, tensors: s.liveBuffers }
      : { hostBytes: s.liveBytes, tensors: s.liveBuffers };
  }

  debugStats(): GpuJsDebugStats {
    return { ...this.engine.stats(), readbacksLastStep: this.readbacksLastStep };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const b of [...this.params.values(), ...this.state.values()]) this.engine.release(b);
    if (this.stepDummy) this.engine.release(this.stepDummy);
    this.params.clear();
    this.state.clear();
    this.plans.clear();
  }
}

/**
 * Creates a session: uploads the initial weights (options.weights, else core's
 * `initWeights(program, seed)` when core provides it) and zeroed optimizer state.
 */
export async function createSession(
  engine: GpuJsEngine,
  program: Program,
  options: CompileOptions = {},
): Promise<GpuJsSession> {
  let weights = options.weights;
  if (!weights) {
    const init = (core as unknown as { initWeights?: (p: Program, seed: number) => NamedTensors })
      .initWeights;
    if (typeof init !== 'function') {
      throw new BenchError(
        'BenchError.MissingWeight',
        `backend "${engine.backend}": no options.weights given and this @bench/core has no initWeights; pass options.weights`,
      );
    }
    weights = init(program, options.seed ?? 0);
  }
  const s = new GpuJsSessionImpl(engine, program);
  await s.init(weights);
  return s;
}
