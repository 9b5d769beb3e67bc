/**
 * A Program compiled onto a tfjs engine. Parameters and optimizer state are tf.Variables on the
 * engine; each step runs the Program's train graph (forward, backward and update nodes, exactly
 * as compiled by @bench/core) inside one tf.tidy and assigns the update values to the variables.
 * The only per-step host traffic is the batch upload, the dropout masks, and no readback:
 * losses are kept on the engine and read with one `data()` per epoch.
 */
import { BenchError, formatShape, inferGraph } from '@bench/core';
import { collectBatches } from '@bench/core';
import type { BatchSource,
  Batch,
  CompileOptions,
  EvalResult,
  HostTensor,
  MemoryInfo,
  NamedTensors,
  Program,
  Session,
} from '@bench/core';
import type { TfjsEngine } from '../engine/tfjs-engine';
import { checkKernels, runNodes, toHost, toTf } from '../executor';
import type { ExecutorContext } from '../executor';
import type { TfTensor, TfVariable } from '../tf-types';
import { initialWeights } from './initial-weights';
import { checkBatch, graphInputs } from './session-inputs';

/** Creates a session; validates the program's graphs and kernels first. */
export async function createTfjsSession(
  backend: string,
  engine: TfjsEngine,
  program: Program,
  options?: CompileOptions,
): Promise<Session> {
  for (const graph of [program.train, program.evaluate, program.predict]) {
    inferGraph(graph);
    checkKernels(graph, backend);
  }
  const weights = initialWeights(program, options, backend);
  await engine.activate();
  return new TfjsSession(backend, engine, program, weights);
}

class TfjsSession implements Session {
  readonly device: string;
  private stepCount = 0;
  private readonly vars = new Map<string, TfVariable>();
  private disposed = false;

  constructor(
    readonly backend: string,
    private readonly engine: TfjsEngine,
    readonly program: Program,
    weights: NamedTensors,
  ) {
    this.device = engine.device;
    const { tf } = engine;
    for (const p of program.params) {
      this.vars.set(p.name, tf.variable(toTf(tf, weights[p.name]!), false));
    }
    for (const s of program.state) {
      this.vars.set(s.name, tf.variable(tf.zeros(s.shape, 'float32'), false));
    }
  }

  get steps(): number {
    return this.stepCount;
  }

  async trainStep(batch: Batch): Promise<number> {
    await this.ready();
    const loss = this.step(batch);
    try {
      return (await loss.data())[0]!;
    } finally {
      loss.dispose();
    }
  }

  /** Compiles nothing ahead: engine preparation happens on first use. */
  async prepare(_batchSize: number): Promise<void> {}

  async trainEpoch(source: BatchSource): Promise<Float32Array> {
    const batches = await collectBatches(source);
    await this.ready();
    const { tf } = this.engine;
    const losses: TfTensor[] = [];
    try {
      for (const batch of batches) losses.push(this.step(batch));
      if (losses.length === 0) return new Float32Array(0);
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

  async evaluate(source: BatchSource): Promise<EvalResult> {
    const batches = await collectBatches(source);
    await this.ready();
    const { tf } = this.engine;
    const graph = this.program.evaluate;
    let sums: TfTensor = tf.zeros([2]);
    let count = 0;
    try {
      for (const batch of batches) {
        checkBatch(this.program, this.backend, batch);
        const n = batch.x.shape[0]!;
        const next = tf.tidy(() => {
          const env = runNodes(
            graph,
            graphInputs(tf, this.program, graph, this.vars, { ...batch, step: this.stepCount }),
            this.ctx(),
          );
          const loss = env.get(graph.outputs[0]!)!;
          const errors = env.get(graph.outputs[1]!)!;
          return tf.add(sums, tf.stack([tf.mul(loss, tf.scalar(n, 'float32')), errors]));
        });
        sums.dispose();
        sums = next;
        count += n;
      }
      const [lossSum, errSum] = await sums.data();
      return count === 0
        ? { loss: Number.NaN, errorRate: Number.NaN, count: 0 }
        : { loss: lossSum! / count, errorRate: errSum! / count, count };
    } finally {
      sums.dispose();
    }
  }

  async predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    await this.ready();
    checkBatch(this.program, this.backend, { x });
    const { tf } = this.engine;
    const graph = this.program.predict;
    const probs = tf.tidy(() => {
      const env = runNodes(
        graph,
        graphInputs(tf, this.program, graph, this.vars, { x, step: this.stepCount }),
        this.ctx(),
      );
      return env.get(graph.outputs[0]!)!;
    });
    try {
      return (await toHost(probs)) as HostTensor<'float32'>;
    } finally {
      probs.dispose();
    }
  }

  async getWeights(): Promise<NamedTensors> {
    await this.ready();
    const out: NamedTensors = {};
    for (const p of this.program.params) out[p.name] = await toHost(this.vars.get(p.name)!);
    return out;
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    await this.ready();
    const { tf } = this.engine;
    for (const [name, w] of Object.entries(weights)) {
      const p = this.program.params.find((q) => q.name === name);
      if (!p) {
        throw new BenchError(
          'BenchError.Weights',
          `backend "${this.backend}": setWeights got unknown parameter "${name}"; parameters: ${this.program.params.map((q) => q.name).join(', ')}`,
        );
      }
      if (w.shape.length !== p.shape.length || w.shape.some((d, i) => d !== p.shape[i])) {
        throw new BenchError(
          'BenchError.Weights',
          `backend "${this.backend}": setWeights "${name}" has shape ${formatShape(w.shape)}, expected ${formatShape(p.shape)}`,
        );
      }
      tf.tidy(() => this.vars.get(name)!.assign(toTf(tf, w)));
    }
  }

  async getOptimizerState(): Promise<{ step: number; state: NamedTensors }> {
    await this.ready();
    const state: NamedTensors = {};
    for (const s of this.program.state) state[s.name] = await toHost(this.vars.get(s.name)!);
    return { step: this.stepCount, state };
  }

  async memory(): Promise<MemoryInfo> {
    const m = this.engine.tf.memory() as { numTensors: number; numBytes: number; numBytesInGPU?: number };
    if (this.engine.engineName === 'webgpu') {
      return { deviceBytes: m.numBytesInGPU ?? m.numBytes, tensors: m.numTensors };
    }
    return { hostBytes: m.numBytes, tensors: m.numTensors };
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.vars.values()) v.dispose();
    this.vars.clear();
  }

  /** One training step on the engine; returns the loss tensor (kept, caller disposes). */
  private step(batch: Batch): TfTensor {
    checkBatch(this.program, this.backend, batch);
    const { tf } = this.engine;
    const program = this.program;
    const step = this.stepCount + 1;
    const ctx = this.ctx(step);
    const loss = tf.tidy(() => {
      const env = runNodes(
        program.train,
        graphInputs(tf, program, program.train, this.vars, { ...batch, step }),
        ctx,
      );
      for (const u of program.updates) this.vars.get(u.target)!.assign(env.get(u.value)!);
      return env.get(program.train.outputs[0]!)!;
    });
    this.stepCount = step;
    return loss;
  }

  private ctx(step = this.stepCount): ExecutorContext {
    return {
      tf: this.engine.tf,
      backend: this.backend,
      engineName: this.engine.engineName,
      features: this.engine.features,
      hostScalars: new Map([[this.program.step.name, step]]),
    };
  }

  private async ready(): Promise<void> {
    if (this.disposed) {
      throw new BenchError(
        'BenchError.Disposed',
        `backend "${this.backend}": this session was disposed; compile the program again`,
      );
    }
    await this.engine.activate();
  }
}
