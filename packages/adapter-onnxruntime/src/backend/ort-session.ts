/**
 * OnnxruntimeSession: a compiled Program on onnxruntime. Parameters and optimizer state are kept
 * as onnxruntime tensors between runs (onnxruntime-node has no IOBinding, so each `session.run`
 * copies them in and out); the host sees copies only through getWeights/getOptimizerState.
 */
import { writeFile } from 'node:fs/promises';
import { OpError, formatShape, sizeOf } from '@bench/core';
import { collectBatches } from '@bench/core';
import type { BatchSource, Batch, EvalResult, HostTensor, MemoryInfo, NamedTensors, Program, Session } from '@bench/core';
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
import type { ResolvedOptions } from './options';

type Feeds = Record<string, OrtTensor>;

/** Session options onnxruntime gets from the backend. */
export interface OrtSessionSettings {
  ort: Ort;
  backend: string;
  device: string;
  providers: string[];
  options: ResolvedOptions;
}

/** See the file comment. Create through `Backend.compile`. */
export class OnnxruntimeSession implements Session {
  readonly backend: string;
  readonly device: string;
  private stepCount = 0;
  private runCount = 0;
  private readonly carried = new Map<string, OrtTensor>();
  private readonly sessions = new Map<string, Promise<OrtInferenceSession>>();
  private disposed = false;

  constructor(
    readonly program: Program,
    private readonly settings: OrtSessionSettings,
    weights: NamedTensors,
  ) {
    this.backend = settings.backend;
    this.device = settings.device;
    for (const p of program.params) {
      const w = weights[p.name];
      if (!w)
        throw new RangeError(
          `compile: initial weights lack parameter "${p.name}"; pass every param of the program or none`,
        );
      this.checkShape(p.name, w, p.shape);
      this.carried.set(p.name, toOrt(settings.ort, { ...w, data: w.data.slice() }));
    }
    for (const s of program.state) {
      this.carried.set(
        s.name,
        new settings.ort.Tensor('float32', new Float32Array(sizeOf(s.shape)), [...s.shape]),
      );
    }
  }

  get steps(): number {
    return this.stepCount;
  }

  /** Number of training `session.run` calls so far (one per step, or one per Loop). */
  get engineRuns(): number {
    return this.runCount;
  }

  /** The onnxruntime session for one of this program's models, created on first use. */
  private session(kind: 'step' | 'epoch' | 'eval' | 'predict'): Promise<OrtInferenceSession> {
    let s = this.sessions.get(kind);
    if (!s) {
      const { program, settings } = this;
      const model =
        kind === 'step'
          ? buildStepModel(program, settings.backend)
          : kind === 'epoch'
            ? buildEpochModel(program, settings.backend)
            : kind === 'eval'
              ? buildEvalModel(program, settings.backend)
              : buildPredictModel(program, settings.backend);
      const { intraOpNumThreads, graphOptimizationLevel } = settings.options;
      s = settings.ort.InferenceSession.create(encodeModel(model), {
        executionProviders: settings.providers,
        intraOpNumThreads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel,
      });
      this.sessions.set(kind, s);
    }
    return s;
  }

  private checkAlive(): void {
    if (this.disposed)
      throw new Error(`${this.backend}: the session was disposed; compile the program again`);
  }

  private checkShape(name: string, t: HostTensor, shape: readonly number[]): void {
    if (t.dtype !== 'float32' || t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new RangeError(
        `${this.backend}: weight "${name}" must be float32 ${formatShape(shape)}, got ${t.dtype} ${formatShape(t.shape)}`,
      );
    }
  }

  private checkBatch(batch: Batch, where: string): void {
    const want = this.program.x.shape.slice(1);
    const got = batch.x.shape.slice(1);
    if (
      got.length !== want.length ||
      got.some((d, i) => d !== want[i]) ||
      batch.y.shape[0] !== batch.x.shape[0]
    ) {
      throw new OpError(
        where,
        this.program.x.name,
        `batch x ${formatShape(batch.x.shape)} / y ${formatShape(batch.y.shape)} does not match the program's x [N, ${want.join(', ')}] with N labels`,
      );
    }
  }

  private paramFeeds(names: readonly string[]): Feeds {
    const feeds: Feeds = {};
    for (const n of names) {
      const t = this.carried.get(n);
      if (t) feeds[n] = t;
    }
    return feeds;
  }

  async trainStep(batch: Batch): Promise<number> {
    this.checkAlive();
    this.checkBatch(batch, 'trainStep');
    const { ort } = this.settings;
    const session = await this.session('step');
    const p = this.program;
    const feeds: Feeds = {
      ...this.paramFeeds(carriedNames(p)),
      [p.x.name]: toOrt(ort, batch.x),
      [p.y.name]: toOrt(ort, batch.y),
      [p.step.name]: new ort.Tensor('int32', Int32Array.of(this.stepCount + 1), []),
    };
    const out = await session.run(feeds);
    this.runCount++;
    for (const n of carriedNames(p)) this.carried.set(n, out[`next:${n}`]!);
    this.stepCount++;
    return (out.loss!.data as Float32Array)[0]!;
  }

  /** Compiles nothing ahead: engine preparation happens on first use. */
  async prepare(_batchSize: number): Promise<void> {}

  async trainEpoch(source: BatchSource): Promise<Float32Array> {
    const batches = await collectBatches(source);
    this.checkAlive();
    const losses = new Float32Array(batches.length);
    let i = 0;
    while (i < batches.length) {
      let j = i + 1;
      if (this.settings.options.epochMode === 'loop') {
        const bytes = batches[i]!.x.data.byteLength;
        const maxSteps = Math.max(2, Math.floor(this.settings.options.maxLoopBytes / bytes));
        while (j < batches.length && j - i < maxSteps && batches[j]!.x.shape[0] === batches[i]!.x.shape[0])
          j++;
      }
      if (j - i === 1) {
        losses[i] = await this.trainStep(batches[i]!);
      } else {
        losses.set(await this.trainRun(batches.slice(i, j)), i);
      }
      i = j;
    }
    return losses;
  }

  /** S equal-sized batches in one Loop run. */
  private async trainRun(batches: readonly Batch[]): Promise<Float32Array> {
    const { ort } = this.settings;
    const p = this.program;
    for (const b of batches) this.checkBatch(b, 'trainEpoch');
    const n = batches[0]!.x.shape[0]!;
    const xSize = batches[0]!.x.data.length;
    const xs = new Float32Array(xSize * batches.length);
    const ys = new Int32Array(n * batches.length);
    batches.forEach((b, k) => {
      xs.set(b.x.data, k * xSize);
      ys.set(b.y.data, k * n);
    });
    const session = await this.session('epoch');
    const out = await session.run({
      ...this.paramFeeds(carriedNames(p)),
      xs: new ort.Tensor('float32', xs, [batches.length, ...batches[0]!.x.shape]),
      ys: new ort.Tensor('int32', ys, [batches.length, n]),
      step0: new ort.Tensor('int32', Int32Array.of(this.stepCount), []),
    });
    this.runCount++;
    for (const name of carriedNames(p)) this.carried.set(name, out[`next:${name}`]!);
    this.stepCount += batches.length;
    return (out.losses!.data as Float32Array).slice();
  }

  async evaluate(source: BatchSource): Promise<EvalResult> {
    const batches = await collectBatches(source);
    this.checkAlive();
    const { ort } = this.settings;
    const p = this.program;
    const session = await this.session('eval');
    let loss = 0;
    let errors = 0;
    let count = 0;
    for (const b of batches) {
      this.checkBatch(b, 'evaluate');
      const out = await session.run({
        ...this.paramFeeds(p.evaluate.inputs.map((v) => v.name)),
        [p.x.name]: toOrt(ort, b.x),
        [p.y.name]: toOrt(ort, b.y),
      });
      const nb = b.x.shape[0]!;
      loss += (out[outputName(p.evaluate.outputs[0]!)]!.data as Float32Array)[0]! * nb;
      errors += (out[outputName(p.evaluate.outputs[1]!)]!.data as Float32Array)[0]!;
      count += nb;
    }
    return { loss: count ? loss / count : Number.NaN, errorRate: count ? errors / count : Number.NaN, count };
  }

  async predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    this.checkAlive();
    const p = this.program;
    const session = await this.session('predict');
    const out = await session.run({
      ...this.paramFeeds(p.predict.inputs.map((v) => v.name)),
      [p.x.name]: toOrt(this.settings.ort, x),
    });
    return fromOrt(out[outputName(p.predict.outputs[0]!)]!) as HostTensor<'float32'>;
  }

  async getWeights(): Promise<NamedTensors> {
    this.checkAlive();
    return Object.fromEntries(this.program.params.map((p) => [p.name, fromOrt(this.carried.get(p.name)!)]));
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    this.checkAlive();
    const params = new Map(this.program.params.map((p) => [p.name, p]));
    for (const [name, w] of Object.entries(weights)) {
      const p = params.get(name);
      if (!p)
        throw new RangeError(
          `${this.backend}: setWeights got unknown parameter "${name}"; parameters: ${[...params.keys()].join(', ')}`,
        );
      this.checkShape(name, w, p.shape);
    }
    for (const [name, w] of Object.entries(weights))
      this.carried.set(name, toOrt(this.settings.ort, { ...w, data: w.data.slice() }));
  }

  async getOptimizerState(): Promise<{ step: number; state: NamedTensors }> {
    this.checkAlive();
    return {
      step: this.stepCount,
      state: Object.fromEntries(this.program.state.map((s) => [s.name, fromOrt(this.carried.get(s.name)!)])),
    };
  }

  async memory(): Promise<MemoryInfo> {
    let bytes = 0;
    for (const t of this.carried.values()) bytes += (t.data as Float32Array).byteLength;
    return { hostBytes: bytes, tensors: this.carried.size };
  }

  /**
   * Writes a plain inference model (input `x` -> output `probs`, the current weights as
   * initializers, forward only) that any ONNX runtime can load.
   */
  async exportOnnx(path: string): Promise<void> {
    const model = buildInferenceModel(this.program, await this.getWeights(), this.backend);
    await writeFile(path, encodeModel(model));
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    this.carried.clear();
    await Promise.all(sessions.map(async (s) => (await s.catch(() => undefined))?.release()));
  }
}
