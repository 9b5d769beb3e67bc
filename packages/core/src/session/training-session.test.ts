import { describe, expect, it } from 'vitest';
import type { Batch } from '../backend/backend';
import { compile } from '../compiler';
import { BenchError, InvalidWeightsError, SpecError, UnsupportedOpError } from '../errors';
import { mlp } from '../spec';
import { tensor } from '../tensor';
import type { HostTensor } from '../tensor';
import type { SessionHandler } from './session-handler';
import { createTrainingSession } from './training-session';

const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });

function batch(rows: number): Batch {
  return {
    x: tensor(new Float32Array(rows * 2), [rows, 2]),
    y: tensor(new Int32Array(rows), [rows], 'int32'),
  };
}

/** A handler that records how the session drove it. */
function recordingHandler(fused: boolean, fusedStepBytes?: number) {
  const calls: string[] = [];
  const handler: SessionHandler = {
    fusedStepBytes,
    async doTrainStep(b, step) {
      calls.push(`step ${step} (${b.x.shape[0]} rows)`);
      return step;
    },
    doTrainSteps: fused
      ? async (bs, first) => {
          calls.push(`steps ${first}..${first + bs.length - 1}`);
          return Float32Array.from(bs, (_, i) => first + i);
        }
      : undefined,
    async doEvaluate(b) {
      return { loss: b.x.shape[0]!, errors: 1 };
    },
    async doPredict(x) {
      return x as HostTensor<'float32'>;
    },
    async getParams() {
      return {};
    },
    async setParams() {},
    async getOptimizerState() {
      return {};
    },
    async setOptimizerState() {},
    async memory() {
      return { bytes: 100, tensors: 3 };
    },
    async dispose() {},
  };
  return { handler, calls };
}

function backend(deviceKind: 'cpu' | 'gpu') {
  return { name: 'fake', device: 'fake device', capabilities: { ops: [], deviceKind } };
}

describe('createTrainingSession', () => {
  it('fuses equal-shaped batches up to the handler byte budget and numbers steps from 1', async () => {
    const { handler, calls } = recordingHandler(true, 3 * (4 * 2 * 4 + 4 * 4));
    const s = await createTrainingSession({ backend: backend('cpu'), program, createHandler: () => handler });
    const losses = await s.trainEpoch([batch(4), batch(4), batch(4), batch(4), batch(2)]);
    expect(Array.from(losses)).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toEqual(['steps 1..3', 'step 4 (4 rows)', 'step 5 (2 rows)']);
    expect(s.steps).toBe(5);
  });

  it('without doTrainSteps runs one step per batch; weights evaluate by batch size', async () => {
    const { handler, calls } = recordingHandler(false);
    const s = await createTrainingSession({ backend: backend('cpu'), program, createHandler: () => handler });
    await s.trainEpoch([batch(3), batch(3)]);
    expect(calls).toEqual(['step 1 (3 rows)', 'step 2 (3 rows)']);
    // batch losses 1 (1 row) and 3 (3 rows): (1*1 + 3*3) / 4
    expect(await s.evaluate([batch(1), batch(3)])).toEqual({ loss: 10 / 4, errorRate: 2 / 4, count: 4 });
  });

  it('reports memory as device bytes for a gpu backend and host bytes for a cpu one', async () => {
    const gpu = await createTrainingSession({
      backend: backend('gpu'),
      program,
      createHandler: () => recordingHandler(false).handler,
    });
    expect(await gpu.memory()).toEqual({ deviceBytes: 100, tensors: 3 });
    const cpu = await createTrainingSession({
      backend: backend('cpu'),
      program,
      createHandler: () => recordingHandler(false).handler,
    });
    expect(await cpu.memory()).toEqual({ hostBytes: 100, tensors: 3 });
  });

  it('fills params the compile weights lack from initWeights and rejects unknown ones', async () => {
    let got: string[] = [];
    const first = program.params[0]!;
    await createTrainingSession({
      backend: backend('cpu'),
      program,
      options: { weights: { [first.name]: tensor(new Float32Array(4 * 2), first.shape) } },
      createHandler: (w) => {
        got = Object.keys(w);
        return recordingHandler(false).handler;
      },
    });
    expect(got.sort()).toEqual(program.params.map((p) => p.name).sort());
    const error = await createTrainingSession({
      backend: backend('cpu'),
      program,
      options: { weights: { nope: tensor([1], [1]) } },
      createHandler: () => recordingHandler(false).handler,
    }).catch((e: unknown) => e);
    expect(InvalidWeightsError.isInstance(error)).toBe(true);
  });
});

describe('error classes', () => {
  it('isInstance is exact per class and BenchError.isInstance covers all', () => {
    const spec = new SpecError('l', 'bad');
    const unsupported = new UnsupportedOpError('matmul', 'x');
    expect(UnsupportedOpError.isInstance(spec)).toBe(false);
    expect(SpecError.isInstance(unsupported)).toBe(false);
    expect(SpecError.isInstance(spec)).toBe(true);
    expect(UnsupportedOpError.isInstance(unsupported)).toBe(true);
    expect(BenchError.isInstance(spec) && BenchError.isInstance(unsupported)).toBe(true);
    expect(InvalidWeightsError.isInstance(new Error('x'))).toBe(false);
  });
});
