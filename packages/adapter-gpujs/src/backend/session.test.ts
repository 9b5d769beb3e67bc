import { compile, createReferenceBackend, initWeights, mlp, tensor } from '@bench/core';
import type { Batch, ModelSpec, Program, Session } from '@bench/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGpuJsBackend } from '../backends';
import { MODES } from '../modes';
import type { GpuJsMode } from '../modes';
import { maxAbsDiff, probeAll, rand } from '../test-support/modes';
import type { GpuJsBackend, GpuJsSession } from './gpujs-backend';

const probes = await probeAll();

/** A small CNN with every op kind of E4 (conv, pool, flatten, dropout, dense) at 6x6x2. */
const tinyCnn: ModelSpec = {
  specVersion: 1,
  name: 'tiny-cnn',
  input: { shape: [6, 6, 2] },
  layers: [
    { type: 'conv2d', filters: 3, kernelSize: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'same' },
    { type: 'flatten' },
    { type: 'dense', units: 8 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.25 },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
} as ModelSpec;

function batches(inShape: number[], classes: number, n: number, count: number, seed: number): Batch[] {
  return Array.from({ length: count }, (_, b) => ({
    x: rand([n, ...inShape], seed + b),
    y: tensor(
      Array.from({ length: n }, (_, i) => (i * 7 + b) % classes),
      [n],
      'int32',
    ),
  }));
}

interface Workload {
  name: string;
  program: Program;
  data: Batch[];
}

const workloads: Workload[] = [
  {
    name: 'E3 mlp (3 layers), SGD',
    program: compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.1 } }),
    data: batches([2], 2, 10, 4, 100),
  },
  {
    name: 'tiny CNN + dropout, Adam',
    program: compile(tinyCnn, { optimizer: { kind: 'adam', lr: 0.01 }, seed: 3 }),
    data: batches([6, 6, 2], 3, 4, 3, 200),
  },
];

async function train(session: Session, data: Batch[]): Promise<Float32Array> {
  return session.trainEpoch(data);
}

for (const mode of ['webgpu', 'gl', 'wasm', 'cpu'] as GpuJsMode[]) {
  const probe = probes[mode];
  describe.skipIf(!probe.available)(
    `${MODES[mode].backend} training parity${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
    () => {
      let backend: GpuJsBackend;
      beforeAll(async () => {
        backend = await createGpuJsBackend(mode);
      });
      afterAll(async () => {
        await backend?.dispose();
      });

      it.each(workloads)(
        '$name: losses, weights, optimizer state, evaluate and predict match the reference',
        async ({ name, program, data }) => {
          const weights = initWeights(program, 5);
          const ref = await createReferenceBackend().compile(program, { weights });
          const ses = await backend.compile(program, { weights });
          const tol = MODES[mode].tolerance;
          const refLoss = await train(ref, data);
          const gotLoss = await train(ses, data);
          for (let i = 0; i < refLoss.length; i++)
            expect(Math.abs(gotLoss[i]! - refLoss[i]!), `loss of step ${i + 1}`).toBeLessThanOrEqual(tol);
          const rw = await ref.getWeights();
          const gw = await ses.getWeights();
          let worstLoss = 0;
          let worstWeight = 0;
          for (let i = 0; i < refLoss.length; i++)
            worstLoss = Math.max(worstLoss, Math.abs(gotLoss[i]! - refLoss[i]!));
          for (const p of program.params) {
            worstWeight = Math.max(worstWeight, maxAbsDiff(gw[p.name]!, rw[p.name]!));
            expect(maxAbsDiff(gw[p.name]!, rw[p.name]!), p.name).toBeLessThanOrEqual(tol);
          }
          console.info(
            `[adapter-gpujs] ${MODES[mode].backend} ${name}: max loss error ${worstLoss.toExponential(2)}, max weight error ${worstWeight.toExponential(2)} after ${data.length} steps`,
          );
          const rs = await ref.getOptimizerState();
          const gs = await ses.getOptimizerState();
          expect(gs.step).toBe(rs.step);
          for (const s of program.state)
            expect(maxAbsDiff(gs.state[s.name]!, rs.state[s.name]!), s.name).toBeLessThanOrEqual(tol);
          const re = await ref.evaluate(data);
          const ge = await ses.evaluate(data);
          expect(Math.abs(ge.loss - re.loss)).toBeLessThanOrEqual(tol);
          expect(ge.errorRate).toBe(re.errorRate);
          expect(ge.count).toBe(re.count);
          const rp = await ref.predict(data[0]!.x);
          const gp = await ses.predict(data[0]!.x);
          expect(maxAbsDiff(gp, rp)).toBeLessThanOrEqual(tol);
          await ref.dispose();
          await ses.dispose();
        },
      );

      it('prepare and training steps leak no buffers; a step reads back exactly one value (the loss)', async () => {
        const { program, data } = workloads[1]!;
        const ses = (await backend.compile(program, { weights: initWeights(program, 1) })) as GpuJsSession;
        const compiled = ses.debugStats().liveBuffers;
        await ses.prepare(data[0]!.x.shape[0]!);
        expect(ses.debugStats().liveBuffers).toBe(compiled); // prepare runs the graphs and keeps nothing
        await ses.trainStep(data[0]!);
        const live = ses.debugStats().liveBuffers;
        for (const b of data) {
          await ses.trainStep(b);
          expect(ses.debugStats().readbacksLastStep).toBe(1);
        }
        expect(ses.debugStats().liveBuffers).toBe(live);
        const mem = await ses.memory();
        expect(mem.tensors).toBe(live);
        await ses.dispose();
        expect(backend.debugStats().liveBuffers).toBe(0);
        expect(backend.debugStats().ranModes).toEqual([MODES[mode].gpujsMode]);
      });

      it('rejects a batch of the wrong shape with the input name and both shapes', async () => {
        const { program } = workloads[0]!;
        const ses = await backend.compile(program, { weights: initWeights(program, 1) });
        await expect(
          ses.trainStep({ x: rand([4, 3], 1), y: tensor([0, 1, 0, 1], [4], 'int32') }),
        ).rejects.toThrow(/x is float32 \[4, 3\] but the program expects float32 \[-1, 2\]/);
        await ses.dispose();
      });
    },
  );
}

describe('tensor size limit', () => {
  it.skipIf(!probes.cpu.available)(
    'refuses a value above 2^24 elements (float32 index arithmetic) naming the node, the value and the fix',
    async () => {
      const backend = await createGpuJsBackend('cpu');
      const graph = {
        inputs: [{ name: 'x', shape: [4097, 4096], dtype: 'float32' as const }],
        nodes: [{ op: 'relu' as const, name: 'big/relu', inputs: ['x'], outputs: ['y'], attrs: {} }],
        outputs: ['y'],
      };
      const x = { dtype: 'float32' as const, shape: [4097, 4096], data: new Float32Array(4097 * 4096) };
      await expect(backend.run(graph, { x })).rejects.toThrow(
        /op "relu" \(node "big\/relu"\): value "x" has 16781312 elements.*Use a smaller batch size/,
      );
      expect(backend.debugStats().liveBuffers).toBe(0);
      await backend.dispose();
    },
  );
});
