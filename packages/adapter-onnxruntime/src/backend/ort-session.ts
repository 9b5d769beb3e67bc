/**
 * The onnxruntime session handler. Parameters and optimizer state are kept as onnxruntime
 * tensors between runs (onnxruntime-node has no IOBinding, so each `session.run` copies them in
 * and out); core's TrainingSession does the rest (steps, checks, epochs, errors).
 */
import { writeFile } from 'node:fs/promises';
import { createTrainingSession, sizeOf } from '@bench/core';
import type {
  Backend,
  Batch,
  BatchEvaluation,
  CompileOptions,
  HandlerMemory,
  HostTensor,
  NamedTensors,
  Program,
  Session,
  SessionHandler,
} from '@bench/core';
import { encodeModel } from '../onnx/model';
import { fromOrt, toOrt } from '../ort/runtime';
import type { Ort, OrtInferenceSession, OrtTensor } from '../ort/runtime';
import {
  buildEpochModel,
  buildEvalModel,
  buildInferenceModel,
  buildPredictModel,
  buildStepModel,
  carriedNames,
  outputName,
} from './models';
import { ortSessionOptions } from './options';
import type { ResolvedOptions } from './options';

type Feeds = Record<string, OrtTensor>;
type ModelKind = 'step' | 'epoch' | 'eval' | 'predict';

/** Which phase each model serves: one phase's sessions are released when the other starts. */
const PHASE: Record<ModelKind, 'train' | 'infer'> = {
  step: 'train',
  epoch: 'train',
  eval: 'infer',
  predict: 'infer',
};

/** Session options onnxruntime gets from the backend. */
export interface OrtSessionSettings {
  ort: Ort;
  providers: string[];
  options: ResolvedOptions;
}

/** A Session on onnxruntime, plus the count of training `session.run` calls (one per step or Loop). */
export interface OnnxruntimeSession extends Session {
  readonly engineRuns: number;
}

/** See the file comment. */
class OrtSessionHandler implements SessionHandler {
  runCount = 0;
  /** `maxLoopBytes`, raised by `doPrepare` to two batches where one batch is bigger than half. */
  fusedStepBytes: number;
  readonly doTrainSteps?: (batches: readonly Batch[], firstStep: number) => Promise<Float32Array>;
  private readonly carried = new Map<string, OrtTensor>();
  private readonly sessions = new Map<ModelKind, Promise<OrtInferenceSession>>();
  private readonly models = new Map<ModelKind, Uint8Array>();
  /** Per model that ran since its session was created: runs in flight, seconds run in this stint. */
  private readonly used = new Map<ModelKind, { inFlight: number; runSeconds: number }>();
  private readonly createSeconds = new Map<ModelKind, number>();
  private phase: 'train' | 'infer' | undefined;
  /** The last Loop's stacked batches, reused by the next Loop of the same size. */
  private stack: { xs: Float32Array; ys: Int32Array } | undefined;
  private stackBusy = false;

  constructor(
    private readonly program: Program,
    private readonly backend: string,
    private readonly settings: OrtSessionSettings,
    weights: NamedTensors,
  ) {
    this.fusedStepBytes = settings.options.maxLoopBytes;
    if (settings.options.epochMode === 'loop') this.doTrainSteps = (b, first) => this.trainLoop(b, first);
    for (const p of program.params) this.carried.set(p.name, this.upload(weights[p.name]!));
    for (const s of program.state) {
      this.carried.set(
        s.name,
        new settings.ort.Tensor('float32', new Float32Array(sizeOf(s.shape)), [...s.shape]),
      );
    }
  }

  private upload(t: HostTensor): OrtTensor {
    return toOrt(this.settings.ort, { ...t, data: t.data.slice() });
  }

  /** The onnxruntime session for one of this program's models, created on first use. */
  private session(kind: ModelKind): Promise<OrtInferenceSession> {
    let s = this.sessions.get(kind);
    if (!s) {
      const { settings } = this;
      const t0 = performance.now();
      s = settings.ort.InferenceSession.create(
        this.model(kind),
        ortSessionOptions(settings.options, settings.providers),
      );
      s.then(() => this.createSeconds.set(kind, (performance.now() - t0) / 1000)).catch(() => undefined);
      this.sessions.set(kind, s);
    }
    return s;
  }

  /** The encoded model of a kind (kept: re-creating a released session reuses it). */
  private model(kind: ModelKind): Uint8Array {
    let bytes = this.models.get(kind);
    if (!bytes) {
      const build = {
        step: buildStepModel,
        epoch: buildEpochModel,
        eval: buildEvalModel,
        predict: buildPredictModel,
      };
      bytes = encodeModel(build[kind](this.program, this.backend));
      this.models.set(kind, bytes);
    }
    return bytes;
  }

  /**
   * Runs `kind`'s session, after releasing the other phase's sessions when `releaseIdlePhase`
   * says so (see the option); released sessions are re-created at once, in the background.
   */
  private async run(kind: ModelKind, feeds: Feeds): Promise<Record<string, OrtTensor>> {
    this.releaseIdle(PHASE[kind]);
    const session = await this.session(kind);
    const use = this.used.get(kind) ?? { inFlight: 0, runSeconds: 0 };
    this.used.set(kind, use);
    use.inFlight++;
    const t0 = performance.now();
    try {
      return await session.run(feeds);
    } finally {
      use.inFlight--;
      use.runSeconds += (performance.now() - t0) / 1000;
    }
  }

  /** On a phase switch, releases (and re-creates) the sessions of the phase that ended. */
  private releaseIdle(phase: 'train' | 'infer'): void {
    if (phase === this.phase) return;
    this.phase = phase;
    const mode = this.settings.options.releaseIdlePhase;
    const idle = [...this.used].filter(([k]) => PHASE[k] !== phase);
    if (mode === false || idle.length === 0 || idle.some(([, u]) => u.inFlight > 0)) return;
    const runSeconds = idle.reduce((sum, [, u]) => sum + u.runSeconds, 0);
    const createSeconds = idle.reduce((sum, [k]) => sum + (this.createSeconds.get(k) ?? 0), 0);
    for (const [, u] of idle) u.runSeconds = 0;
    // 'auto': only after a stint at least 20x as long as re-creating its sessions takes
    if (mode === 'auto' && runSeconds < 20 * createSeconds) return;
    for (const [k] of idle) {
      const old = this.sessions.get(k);
      this.sessions.delete(k);
      this.used.delete(k);
      void old?.then((s) => s.release()).catch(() => undefined);
      this.session(k).catch(() => undefined); // a failure surfaces on its next use
    }
  }

  private feeds(names: readonly string[]): Feeds {
    const feeds: Feeds = {};
    for (const n of names) {
      const t = this.carried.get(n);
      if (t) feeds[n] = t;
    }
    return feeds;
  }

  /**
   * Builds every onnxruntime session the program needs (its models have a dynamic batch), one
   * after another: onnxruntime-node builds them on the main thread anyway, and so each one's
   * creation time, which `releaseIdlePhase: 'auto'` weighs, is its own.
   */
  async doPrepare(batchSize: number): Promise<void> {
    // Batches too big for two in `maxLoopBytes` (E1's 64 images of 192x192: 28 MB) would each
    // run alone on the step model; let two of the prepared size share a Loop instead.
    const perSample = (sizeOf(this.program.x.shape.slice(1)) + sizeOf(this.program.y.shape.slice(1))) * 4;
    this.fusedStepBytes = Math.max(this.fusedStepBytes, 2 * batchSize * perSample);
    const kinds: ModelKind[] = ['step', 'eval', 'predict'];
    if (this.doTrainSteps) kinds.push('epoch');
    for (const k of kinds) await this.session(k);
  }

  async doTrainStep(batch: Batch, step: number): Promise<number> {
    const { ort } = this.settings;
    const p = this.program;
    const out = await this.run('step', {
      ...this.feeds(carriedNames(p)),
      [p.x.name]: toOrt(ort, batch.x),
      [p.y.name]: toOrt(ort, batch.y),
      [p.step.name]: new ort.Tensor('int32', Int32Array.of(step), []),
    });
    this.runCount++;
    for (const n of carriedNames(p)) this.carried.set(n, out[`next:${n}`]!);
    return (out.loss!.data as Float32Array)[0]!;
  }

  /**
   * Equal-sized batches as one ONNX Loop run. The stacked x and y buffers are kept for the next
   * run of the same size (runs are sequential): a fresh 2 x 3 MB per Loop would only be garbage
   * that V8 collects late and glibc keeps on its heap, which raised E4's peak RSS.
   */
  private async trainLoop(batches: readonly Batch[], firstStep: number): Promise<Float32Array> {
    const { ort } = this.settings;
    const p = this.program;
    const first = batches[0]!;
    const n = first.x.shape[0]!;
    const xSize = first.x.data.length;
    let stack = this.stack;
    if (!stack || this.stackBusy || stack.xs.length !== xSize * batches.length) {
      stack = { xs: new Float32Array(xSize * batches.length), ys: new Int32Array(n * batches.length) };
    }
    const { xs, ys } = stack;
    batches.forEach((b, k) => {
      xs.set(b.x.data, k * xSize);
      ys.set(b.y.data, k * n);
    });
    const own = !this.stackBusy;
    if (own) {
      this.stack = stack;
      this.stackBusy = true;
    }
    try {
      const out = await this.run('epoch', {
        ...this.feeds(carriedNames(p)),
        xs: new ort.Tensor('float32', xs, [batches.length, ...first.x.shape]),
        ys: new ort.Tensor('int32', ys, [batches.length, n]),
        step0: new ort.Tensor('int32', Int32Array.of(firstStep - 1), []),
      });
      this.runCount++;
      for (const name of carriedNames(p)) this.carried.set(name, out[`next:${name}`]!);
      return (out.losses!.data as Float32Array).slice();
    } finally {
      if (own) this.stackBusy = false;
    }
  }

  async doEvaluate(batch: Batch): Promise<BatchEvaluation> {
    const p = this.program;
    const out = await this.run('eval', {
      ...this.feeds(p.evaluate.inputs.map((v) => v.name)),
      [p.x.name]: toOrt(this.settings.ort, batch.x),
      [p.y.name]: toOrt(this.settings.ort, batch.y),
    });
    return {
      loss: (out[outputName(p.evaluate.outputs[0]!)]!.data as Float32Array)[0]!,
      errors: (out[outputName(p.evaluate.outputs[1]!)]!.data as Float32Array)[0]!,
    };
  }

  async doPredict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    const p = this.program;
    const out = await this.run('predict', {
      ...this.feeds(p.predict.inputs.map((v) => v.name)),
      [p.x.name]: toOrt(this.settings.ort, x),
    });
    return fromOrt(out[outputName(p.predict.outputs[0]!)]!) as HostTensor<'float32'>;
  }

  private read(names: readonly { name: string }[]): NamedTensors {
    return Object.fromEntries(names.map((v) => [v.name, fromOrt(this.carried.get(v.name)!)]));
  }

  async getParams(): Promise<NamedTensors> {
    return this.read(this.program.params);
  }

  async setParams(params: NamedTensors): Promise<void> {
    for (const [name, t] of Object.entries(params)) this.carried.set(name, this.upload(t));
  }

  async getOptimizerState(): Promise<NamedTensors> {
    return this.read(this.program.state);
  }

  async setOptimizerState(state: NamedTensors): Promise<void> {
    await this.setParams(state);
  }

  /** Carried tensors are host memory on every provider (no IOBinding in onnxruntime-node). */
  async memory(): Promise<HandlerMemory> {
    let bytes = 0;
    for (const t of this.carried.values()) bytes += (t.data as Float32Array).byteLength;
    return { bytes, tensors: this.carried.size, location: 'host' };
  }

  /** A plain inference model (input `x` -> output `probs`, current weights, forward only). */
  async exportOnnx(path: string): Promise<void> {
    const model = buildInferenceModel(this.program, await this.getParams(), this.backend);
    await writeFile(path, encodeModel(model));
  }

  async dispose(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    this.used.clear();
    this.createSeconds.clear();
    this.models.clear();
    this.stack = undefined;
    this.carried.clear();
    await Promise.all(sessions.map(async (s) => (await s.catch(() => undefined))?.release()));
  }
}

/** Compiles `program` on an onnxruntime backend: core's session over an OrtSessionHandler. */
export async function createOrtSession(
  backend: Pick<Backend, 'name' | 'device' | 'capabilities'>,
  program: Program,
  options: CompileOptions | undefined,
  settings: OrtSessionSettings,
): Promise<OnnxruntimeSession> {
  let handler: OrtSessionHandler | undefined;
  const session = await createTrainingSession({
    backend,
    program,
    options,
    createHandler: (weights) => {
      handler = new OrtSessionHandler(program, backend.name, settings, weights);
      return handler;
    },
  });
  const h = handler!;
  return Object.defineProperty(session, 'engineRuns', { get: () => h.runCount }) as OnnxruntimeSession;
}
