/**
 * The gpu.js session handler. Parameters and optimizer state live in device buffers for the
 * session's life; each step uploads x, y (and dropout masks), launches the train graph, swaps in
 * the updated buffers and reads back only the loss. Core's session does the rest (steps, checks,
 * epochs, errors, memory kind).
 */
import { createTrainingSession, sizeOf, withBatch } from '@bench/core';
import type {
  Backend,
  Batch,
  BatchEvaluation,
  CompileOptions,
  HandlerMemory,
  HostTensor,
  NamedTensors,
  Program,
  SessionHandler,
  ValueType,
} from '@bench/core';
import type { DeviceBuffer, GpuJsEngine } from '../engine/engine';
import type { Plan, Value } from './executor';
import { planGraph } from './executor';
import { toHost, toValue } from './feeds';
import type { GpuJsSession } from './gpujs-backend';

type GraphKind = 'train' | 'evaluate' | 'predict';

class GpuJsSessionHandler implements SessionHandler {
  readbacksLastStep = 0;
  private readonly params = new Map<string, DeviceBuffer>();
  private readonly state = new Map<string, DeviceBuffer>();
  private readonly plans = new Map<string, Plan>();
  private stepDummy: DeviceBuffer | undefined;

  constructor(
    private readonly engine: GpuJsEngine,
    private readonly program: Program,
  ) {}

  async init(weights: NamedTensors): Promise<this> {
    for (const p of this.program.params)
      this.params.set(p.name, await this.engine.upload(weights[p.name]!.data as Float32Array));
    for (const s of this.program.state)
      this.state.set(s.name, await this.engine.upload(new Float32Array(sizeOf(s.shape))));
    // no kernel reads the step's device buffer (dropout and Adam use its host copy): one shared scalar
    this.stepDummy = await this.engine.upload(new Float32Array(1));
    return this;
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

  /**
   * Plans the three graphs for this batch size and runs each once on zeros, discarding the
   * results (no buffer is swapped in), so gpu.js kernel compilation is compile time.
   */
  async doPrepare(batchSize: number): Promise<void> {
    const p = this.program;
    const xShape = withBatch(p.x.shape, batchSize);
    const x = { dtype: 'float32', shape: xShape, data: new Float32Array(sizeOf(xShape)) } as const;
    const y = { dtype: 'int32', shape: [batchSize], data: new Int32Array(batchSize) } as const;
    const held = new Set([...this.params.values(), ...this.state.values()]);
    for (const kind of ['train', 'evaluate', 'predict'] as const) {
      const out = await this.run(kind, x, y, 1);
      for (const b of new Set([...out.values()].map((v) => v.buffer)))
        if (!held.has(b)) this.engine.release(b);
    }
  }

  /** Runs one graph on uploaded inputs; releases the inputs, returns the outputs. */
  private async run(kind: GraphKind, x: HostTensor<'float32'>, y?: HostTensor<'int32'>, step = 0) {
    const prog = this.program;
    const inputs = new Set(prog[kind].inputs.map((v) => v.name));
    const feeds = new Map<string, Value>();
    feeds.set(prog.x.name, await toValue(this.engine, x));
    if (y && inputs.has(prog.y.name)) feeds.set(prog.y.name, await toValue(this.engine, y));
    if (inputs.has(prog.step.name)) {
      feeds.set(prog.step.name, {
        type: { shape: [], dtype: 'int32' },
        buffer: this.stepDummy!,
        host: Int32Array.of(step),
      });
    }
    for (const [table, infos] of [
      [this.params, prog.params],
      [this.state, prog.state],
    ] as const) {
      for (const v of infos) {
        if (inputs.has(v.name))
          feeds.set(v.name, { type: { shape: v.shape, dtype: 'float32' }, buffer: table.get(v.name)! });
      }
    }
    try {
      return await this.plan(kind, x.shape[0]!).run(feeds);
    } finally {
      for (const name of [prog.x.name, prog.y.name]) {
        const v = feeds.get(name);
        if (v) this.engine.release(v.buffer);
      }
    }
  }

  private async readScalar(v: Value): Promise<number> {
    const value = (await this.engine.read(v.buffer))[0]!;
    this.engine.release(v.buffer);
    return value;
  }

  async doTrainStep(batch: Batch, step: number): Promise<number> {
    const before = this.engine.stats().readbacks;
    const out = await this.run('train', batch.x, batch.y, step);
    for (const u of this.program.updates) {
      const fresh = out.get(u.value)!.buffer;
      const table = this.params.has(u.target) ? this.params : this.state;
      const old = table.get(u.target);
      table.set(u.target, fresh);
      if (old && old !== fresh) this.engine.release(old);
    }
    const loss = await this.readScalar(out.get(this.program.train.outputs[0]!)!);
    this.readbacksLastStep = this.engine.stats().readbacks - before;
    return loss;
  }

  async doEvaluate(batch: Batch): Promise<BatchEvaluation> {
    const out = await this.run('evaluate', batch.x, batch.y);
    const [lossName, errName] = this.program.evaluate.outputs as [string, string];
    return {
      loss: await this.readScalar(out.get(lossName)!),
      errors: await this.readScalar(out.get(errName)!),
    };
  }

  async doPredict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    const out = await this.run('predict', x);
    const v = out.get(this.program.predict.outputs[0]!)!;
    const host = (await toHost(this.engine, v)) as HostTensor<'float32'>;
    this.engine.release(v.buffer);
    return host;
  }

  private async read(table: Map<string, DeviceBuffer>, infos: readonly { name: string; shape: number[] }[]) {
    const out: NamedTensors = {};
    for (const v of infos) {
      out[v.name] = {
        dtype: 'float32',
        shape: [...v.shape],
        data: await this.engine.read(table.get(v.name)!),
      };
    }
    return out;
  }

  private async write(table: Map<string, DeviceBuffer>, tensors: NamedTensors): Promise<void> {
    for (const [name, t] of Object.entries(tensors)) {
      const fresh = await this.engine.upload(t.data as Float32Array);
      const old = table.get(name);
      table.set(name, fresh);
      if (old) this.engine.release(old);
    }
  }

  getParams(): Promise<NamedTensors> {
    return this.read(this.params, this.program.params);
  }

  setParams(params: NamedTensors): Promise<void> {
    return this.write(this.params, params);
  }

  getOptimizerState(): Promise<NamedTensors> {
    return this.read(this.state, this.program.state);
  }

  setOptimizerState(state: NamedTensors): Promise<void> {
    return this.write(this.state, state);
  }

  async memory(): Promise<HandlerMemory> {
    const s = this.engine.stats();
    return { bytes: s.liveBytes, tensors: s.liveBuffers };
  }

  async dispose(): Promise<void> {
    for (const b of [...this.params.values(), ...this.state.values()]) this.engine.release(b);
    if (this.stepDummy) this.engine.release(this.stepDummy);
    this.params.clear();
    this.state.clear();
    this.plans.clear();
  }
}

/** Compiles a session: core's session over a GpuJsSessionHandler, plus `debugStats`. */
export async function createSession(
  backend: Pick<Backend, 'name' | 'device' | 'capabilities'>,
  engine: GpuJsEngine,
  program: Program,
  options?: CompileOptions,
): Promise<GpuJsSession> {
  let handler: GpuJsSessionHandler | undefined;
  const session = await createTrainingSession({
    backend,
    program,
    options,
    createHandler: async (weights) => {
      handler = await new GpuJsSessionHandler(engine, program).init(weights);
      return handler;
    },
  });
  const h = handler!;
  return Object.assign(session, {
    debugStats: () => ({ ...engine.stats(), readbacksLastStep: h.readbacksLastStep }),
  });
}
