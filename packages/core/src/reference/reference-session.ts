/**
 * The reference backend's session handler: parameters and optimizer state live as Float32Arrays
 * on the host; each step runs `program.train` through the reference executor and rebinds every
 * `program.updates` target to its new value (no copies). Core's session does the rest.
 */
import type { Backend, Batch, CompileOptions, Session } from '../backend/backend';
import { OpError } from '../errors';
import type { Graph, Program } from '../ir/graph';
import type { BatchEvaluation, HandlerMemory, SessionHandler } from '../session/session-handler';
import { createTrainingSession } from '../session/training-session';
import type { WeightInitializer } from '../session/training-session';
import { cloneTensor, intScalar, sizeOf } from '../tensor';
import type { HostTensor, NamedTensors } from '../tensor';
import { executeGraph } from './execute-graph';
import type { KernelRegistry } from './kernel-registry';
import type { RefTensor } from './ref-tensor';

type F32 = HostTensor<'float32'>;

function copies(tensors: Map<string, F32>): NamedTensors {
  const out: NamedTensors = {};
  for (const [name, t] of tensors) out[name] = cloneTensor(t);
  return out;
}

/** A SessionHandler that runs a Program's graphs with the reference executor on the host. */
export class ReferenceSessionHandler implements SessionHandler {
  private readonly params = new Map<string, F32>();
  private readonly state = new Map<string, F32>();

  constructor(
    private readonly program: Program,
    weights: NamedTensors,
    private readonly kernels?: KernelRegistry,
  ) {
    for (const p of program.params) this.params.set(p.name, cloneTensor(weights[p.name]!) as F32);
    for (const s of program.state) {
      this.state.set(s.name, {
        dtype: 'float32',
        shape: [...s.shape],
        data: new Float32Array(sizeOf(s.shape)),
      });
    }
  }

  private run(graph: Graph, extra: Record<string, HostTensor>): Record<string, F32> {
    const feeds: Record<string, RefTensor> = {};
    for (const input of graph.inputs) {
      const t = extra[input.name] ?? this.params.get(input.name) ?? this.state.get(input.name);
      if (!t) {
        throw new OpError(
          'graph',
          input.name,
          `no value for graph input "${input.name}" (not x, y, step, a param or a state)`,
        );
      }
      feeds[input.name] = t;
    }
    return executeGraph(graph, feeds, { precision: 'float32', kernels: this.kernels }) as Record<string, F32>;
  }

  async doTrainStep(batch: Batch, step: number): Promise<number> {
    const p = this.program;
    const out = this.run(p.train, {
      [p.x.name]: batch.x,
      [p.y.name]: batch.y,
      [p.step.name]: intScalar(step),
    });
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
    return out[p.train.outputs[0]!]!.data[0]!;
  }

  async doEvaluate(batch: Batch): Promise<BatchEvaluation> {
    const p = this.program;
    const out = this.run(p.evaluate, { [p.x.name]: batch.x, [p.y.name]: batch.y });
    return { loss: out[p.evaluate.outputs[0]!]!.data[0]!, errors: out[p.evaluate.outputs[1]!]!.data[0]! };
  }

  async doPredict(x: F32): Promise<F32> {
    const out = this.run(this.program.predict, { [this.program.x.name]: x });
    return cloneTensor(out[this.program.predict.outputs[0]!]!);
  }

  async getParams(): Promise<NamedTensors> {
    return copies(this.params);
  }

  async setParams(params: NamedTensors): Promise<void> {
    for (const [name, t] of Object.entries(params)) this.params.set(name, cloneTensor(t) as F32);
  }

  async getOptimizerState(): Promise<NamedTensors> {
    return copies(this.state);
  }

  async setOptimizerState(state: NamedTensors): Promise<void> {
    for (const [name, t] of Object.entries(state)) this.state.set(name, cloneTensor(t) as F32);
  }

  async memory(): Promise<HandlerMemory> {
    let bytes = 0;
    for (const t of this.params.values()) bytes += t.data.byteLength;
    for (const t of this.state.values()) bytes += t.data.byteLength;
    return { bytes, tensors: this.params.size + this.state.size };
  }

  async dispose(): Promise<void> {
    this.params.clear();
    this.state.clear();
  }
}

/**
 * Compiles `program` for a host backend that executes graphs with the reference executor and
 * the given kernels (the reference backend, or a new backend starting from its own kernels).
 */
export function createReferenceSession(
  backend: Pick<Backend, 'name' | 'device' | 'capabilities'>,
  program: Program,
  options: CompileOptions = {},
  init: { kernels?: KernelRegistry; initWeights?: WeightInitializer } = {},
): Promise<Session> {
  return createTrainingSession({
    backend,
    program,
    options,
    initWeights: init.initWeights,
    createHandler: (weights) => new ReferenceSessionHandler(program, weights, init.kernels),
  });
}
