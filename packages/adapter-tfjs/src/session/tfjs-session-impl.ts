/**
 * The tfjs session handler. Parameters and optimizer state are tf.Variables on the engine; each
 * step runs the Program's train graph (forward, backward and update nodes, exactly as compiled
 * by @bench/core) inside one tf.tidy and assigns the update values to the variables. Fused steps
 * (`doTrainSteps`) keep their losses on the engine and read them back once. Core's session does
 * the rest (steps, checks, epochs, errors, memory kind).
 */
import { createTrainingSession, inferGraph, sizeOf, withBatch } from '@bench/core';
import type {
  Backend,
  Batch,
  BatchEvaluation,
  CompileOptions,
  Graph,
  HandlerMemory,
  HostTensor,
  NamedTensors,
  Program,
  Session,
  SessionHandler,
} from '@bench/core';
import type { TfjsEngine } from '../engine/tfjs-engine';
import { checkKernels, runNodes, toHost, toTf } from '../executor';
import type { ExecutorContext } from '../executor';
import type { TfTensor, TfVariable } from '../tf-types';
import { graphInputs } from './session-inputs';

/** Compiles a session: validates the program's graphs and kernels, then wraps a TfjsSessionHandler. */
export async function createTfjsSession(
  backend: Pick<Backend, 'name' | 'device' | 'capabilities'>,
  engine: TfjsEngine,
  program: Program,
  options?: CompileOptions,
): Promise<Session> {
  for (const graph of [program.train, program.evaluate, program.predict]) {
    inferGraph(graph);
    checkKernels(graph, backend.name);
  }
  await engine.activate();
  return createTrainingSession({
    backend,
    program,
    options,
    createHandler: (weights) => new TfjsSessionHandler(backend.name, engine, program, weights),
  });
}

class TfjsSessionHandler implements SessionHandler {
  private readonly vars = new Map<string, TfVariable>();

  constructor(
    private readonly backend: string,
    private readonly engine: TfjsEngine,
    private readonly program: Program,
    weights: NamedTensors,
  ) {
    const { tf } = engine;
    for (const p of program.params) this.vars.set(p.name, tf.variable(toTf(tf, weights[p.name]!), false));
    for (const s of program.state) this.vars.set(s.name, tf.variable(tf.zeros(s.shape, 'float32'), false));
  }

  /**
   * Runs the three graphs once on zeros of this batch size and discards every result (no
   * variable is assigned), so kernel and shader compilation (tfjs-webgpu) is compile time.
   */
  async doPrepare(batchSize: number): Promise<void> {
    await this.engine.activate();
    const { tf } = this.engine;
    const p = this.program;
    const x = {
      dtype: 'float32',
      shape: withBatch(p.x.shape, batchSize),
      data: new Float32Array(sizeOf(withBatch(p.x.shape, batchSize))),
    } as const;
    const y = { dtype: 'int32', shape: [batchSize], data: new Int32Array(batchSize) } as const;
    for (const graph of [p.train, p.evaluate, p.predict]) {
      const vars = new Set<TfTensor>(this.vars.values());
      const outs = this.runGraph(graph, { x, y }, 1).filter((t) => !vars.has(t));
      try {
        await Promise.all(outs.map((t) => t.data()));
      } finally {
        tf.dispose(outs);
      }
    }
  }

  async doTrainStep(batch: Batch, step: number): Promise<number> {
    await this.engine.activate();
    const loss = this.step(batch, step);
    try {
      return (await loss.data())[0]!;
    } finally {
      loss.dispose();
    }
  }

  async doTrainSteps(batches: readonly Batch[], firstStep: number): Promise<Float32Array> {
    await this.engine.activate();
    const { tf } = this.engine;
    const losses: TfTensor[] = [];
    try {
      batches.forEach((b, i) => losses.push(this.step(b, firstStep + i)));
      const stacked = tf.stack(losses);
      try {
        return Float32Array.from(await stacked.data());
      } finally {
        stacked.dispose();
      }
    } finally {
      tf.dispose(losses);
    }
  }

  async doEvaluate(batch: Batch): Promise<BatchEvaluation> {
    await this.engine.activate();
    const graph = this.program.evaluate;
    const out = this.runGraph(graph, batch, 0);
    const both = this.engine.tf.stack(out);
    try {
      const [loss, errors] = await both.data();
      return { loss: loss!, errors: errors! };
    } finally {
      this.engine.tf.dispose([...out, both]);
    }
  }

  async doPredict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    await this.engine.activate();
    const [probs] = this.runGraph(this.program.predict, { x }, 0);
    try {
      return (await toHost(probs!)) as HostTensor<'float32'>;
    } finally {
      probs!.dispose();
    }
  }

  private async read(names: readonly { name: string }[]): Promise<NamedTensors> {
    await this.engine.activate();
    const out: NamedTensors = {};
    for (const { name } of names) out[name] = await toHost(this.vars.get(name)!);
    return out;
  }

  private async assign(tensors: NamedTensors): Promise<void> {
    await this.engine.activate();
    const { tf } = this.engine;
    for (const [name, t] of Object.entries(tensors)) tf.tidy(() => this.vars.get(name)!.assign(toTf(tf, t)));
  }

  getParams(): Promise<NamedTensors> {
    return this.read(this.program.params);
  }

  setParams(params: NamedTensors): Promise<void> {
    return this.assign(params);
  }

  getOptimizerState(): Promise<NamedTensors> {
    return this.read(this.program.state);
  }

  setOptimizerState(state: NamedTensors): Promise<void> {
    return this.assign(state);
  }

  /** Engine-wide bytes (GPU bytes where the engine counts them); core keys the kind on deviceKind. */
  async memory(): Promise<HandlerMemory> {
    const m = this.engine.tf.memory() as { numTensors: number; numBytes: number; numBytesInGPU?: number };
    return { bytes: m.numBytesInGPU ?? m.numBytes, tensors: m.numTensors };
  }

  async dispose(): Promise<void> {
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }

  /** Runs an eval-mode graph on a batch; returns its outputs (kept, caller disposes). */
  private runGraph(graph: Graph, feed: { x: Batch['x']; y?: Batch['y'] }, step: number): TfTensor[] {
    const { tf } = this.engine;
    return tf.tidy(() => {
      const env = runNodes(
        graph,
        graphInputs(tf, this.program, graph, this.vars, { ...feed, step }),
        this.ctx(step),
      );
      return graph.outputs.map((o) => env.get(o)!);
    });
  }

  /** One training step on the engine; returns the loss tensor (kept, caller disposes). */
  private step(batch: Batch, step: number): TfTensor {
    const { tf } = this.engine;
    const program = this.program;
    const ctx = this.ctx(step);
    return tf.tidy(() => {
      const env = runNodes(
        program.train,
        graphInputs(tf, program, program.train, this.vars, { ...batch, step }),
        ctx,
      );
      for (const u of program.updates) this.vars.get(u.target)!.assign(env.get(u.value)!);
      return env.get(program.train.outputs[0]!)!;
    });
  }

  private ctx(step: number): ExecutorContext {
    return {
      tf: this.engine.tf,
      backend: this.backend,
      engineName: this.engine.engineName,
      features: this.engine.features,
      hostScalars: new Map([[this.program.step.name, step]]),
    };
  }
}
