import type { Batch, BatchSource, EvalResult, MemoryInfo, Session } from '../backend/backend';
import { EmptyInputError } from '../errors/empty-input-error';
import { InvalidBatchError } from '../errors/invalid-batch-error';
import { InvalidWeightsError } from '../errors/invalid-weights-error';
import { SessionDisposedError } from '../errors/session-disposed-error';
import type { Program } from '../ir/graph';
import type { HostTensor, NamedTensors } from '../tensor';
import type { SessionHandler } from './session-handler';
import { checkBatch, checkInput } from './validate-batch';
import { checkNamedTensors } from './validate-weights';

/** Default `fusedStepBytes`: about 21 batches of 250 CIFAR-10 images. */
const DEFAULT_FUSED_BYTES = 64 * 2 ** 20;

/** Who the session is, for records and messages. */
export interface SessionIdentity {
  backend: string;
  device: string;
  deviceKind: 'cpu' | 'gpu';
  program: Program;
}

function batchBytes(b: Batch): number {
  return b.x.data.byteLength + b.y.data.byteLength;
}

function sameShape(a: Batch, b: Batch): boolean {
  return a.x.shape.length === b.x.shape.length && a.x.shape.every((d, i) => d === b.x.shape[i]);
}

/** Core's Session over an adapter's handler. Create through `createTrainingSession`. */
export class TrainingSessionImpl implements Session {
  readonly backend: string;
  readonly device: string;
  readonly program: Program;
  readonly exportOnnx?: (path: string) => Promise<void>;
  private readonly deviceKind: 'cpu' | 'gpu';
  private stepCount = 0;
  private disposed = false;
  private readonly prepared = new Map<number, Promise<void>>();

  constructor(
    identity: SessionIdentity,
    private readonly handler: SessionHandler,
  ) {
    this.backend = identity.backend;
    this.device = identity.device;
    this.deviceKind = identity.deviceKind;
    this.program = identity.program;
    const exportOnnx = handler.exportOnnx?.bind(handler);
    if (exportOnnx) {
      this.exportOnnx = async (path) => {
        this.alive('exportOnnx');
        await exportOnnx(path);
      };
    }
  }

  get steps(): number {
    return this.stepCount;
  }

  private alive(method: string): void {
    if (this.disposed) throw new SessionDisposedError(this.backend, method);
  }

  async prepare(batchSize: number): Promise<void> {
    this.alive('prepare');
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new InvalidBatchError(
        this.backend,
        `prepare: batchSize must be a positive integer, got ${batchSize}`,
      );
    }
    let p = this.prepared.get(batchSize);
    if (!p) {
      p = this.handler.doPrepare?.(batchSize) ?? Promise.resolve();
      this.prepared.set(batchSize, p);
      p.catch(() => this.prepared.delete(batchSize));
    }
    await p;
  }

  async trainStep(batch: Batch): Promise<number> {
    this.alive('trainStep');
    checkBatch(this.program, this.backend, 'trainStep', batch);
    const loss = await this.handler.doTrainStep(batch, this.stepCount + 1);
    this.stepCount++;
    return loss;
  }

  async trainEpoch(batches: BatchSource): Promise<Float32Array> {
    this.alive('trainEpoch');
    const losses: number[] = [];
    const fuse = this.handler.doTrainSteps !== undefined;
    const budget = this.handler.fusedStepBytes ?? DEFAULT_FUSED_BYTES;
    let group: Batch[] = [];
    let groupBytes = 0;
    const flush = async () => {
      const run = group;
      group = [];
      groupBytes = 0;
      if (run.length === 1) {
        losses.push(await this.handler.doTrainStep(run[0]!, this.stepCount + 1));
        this.stepCount++;
      } else if (run.length > 1) {
        const got = await this.handler.doTrainSteps!(run, this.stepCount + 1);
        if (got.length !== run.length) {
          throw new Error(
            `backend "${this.backend}": doTrainSteps returned ${got.length} losses for ${run.length} batches (a handler bug)`,
          );
        }
        for (const l of got) losses.push(l);
        this.stepCount += run.length;
      }
    };
    for await (const batch of batches) {
      this.alive('trainEpoch');
      try {
        checkBatch(this.program, this.backend, 'trainEpoch', batch);
      } catch (error) {
        // every backend trains the batches before a bad one, fused or not, then throws
        await flush();
        throw error;
      }
      const bytes = batchBytes(batch);
      if (group.length > 0 && (!sameShape(group[0]!, batch) || groupBytes + bytes > budget)) await flush();
      group.push(batch);
      groupBytes += bytes;
      // run as soon as another batch like this one could not join: no batch waits for the next pull
      if (!fuse || groupBytes + bytes > budget) await flush();
    }
    await flush();
    if (losses.length === 0) throw new EmptyInputError(this.backend, 'trainEpoch');
    return Float32Array.from(losses);
  }

  async evaluate(batches: BatchSource): Promise<EvalResult> {
    this.alive('evaluate');
    let loss = 0;
    let errors = 0;
    let count = 0;
    for await (const batch of batches) {
      this.alive('evaluate');
      const n = checkBatch(this.program, this.backend, 'evaluate', batch);
      const r = await this.handler.doEvaluate(batch);
      loss += r.loss * n;
      errors += r.errors;
      count += n;
    }
    if (count === 0) throw new EmptyInputError(this.backend, 'evaluate');
    return { loss: loss / count, errorRate: errors / count, count };
  }

  async predict(x: HostTensor<'float32'>): Promise<HostTensor<'float32'>> {
    this.alive('predict');
    checkInput(this.program, this.backend, 'predict', x);
    return this.handler.doPredict(x);
  }

  async getWeights(): Promise<NamedTensors> {
    this.alive('getWeights');
    return this.handler.getParams();
  }

  async setWeights(weights: NamedTensors): Promise<void> {
    this.alive('setWeights');
    checkNamedTensors(weights, this.program.params, this.backend, 'parameter');
    await this.handler.setParams(weights);
  }

  async getOptimizerState(): Promise<{ step: number; state: NamedTensors }> {
    this.alive('getOptimizerState');
    return { step: this.stepCount, state: await this.handler.getOptimizerState() };
  }

  async setOptimizerState(state: { step: number; state: NamedTensors }): Promise<void> {
    this.alive('setOptimizerState');
    if (!Number.isInteger(state.step) || state.step < 0) {
      throw new InvalidWeightsError(
        this.backend,
        'step',
        `must be a non-negative integer, got ${state.step}`,
      );
    }
    checkNamedTensors(state.state, this.program.state, this.backend, 'optimizer state');
    await this.handler.setOptimizerState(state.state);
    this.stepCount = state.step;
  }

  async memory(): Promise<MemoryInfo> {
    const m = await this.handler.memory();
    const location = m.location ?? (this.deviceKind === 'gpu' ? 'device' : 'host');
    const info: MemoryInfo = {};
    if (m.bytes !== undefined) info[location === 'device' ? 'deviceBytes' : 'hostBytes'] = m.bytes;
    if (m.tensors !== undefined) info.tensors = m.tensors;
    return info;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.handler.dispose();
  }
}
