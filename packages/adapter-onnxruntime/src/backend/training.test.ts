/**
 * Training parity of onnxruntime-cpu sessions with core's reference backend (same program, same
 * initial weights, same batches): MLP + SGD and a small E4-style CNN + Adam + dropout, per-step
 * and Loop epochs, evaluate/predict, weights round trip, and the exported inference model.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng, cifarCnn, compile, createReferenceBackend, initWeights, mlp } from '@bench/core';
import type { Batch, NamedTensors, Program } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { describe, expect, it } from 'vitest';
import { loadOrt } from '../ort/runtime';
import { createOnnxruntimeBackend } from './entries';
import type { OnnxruntimeSession } from './ort-session';
import { probeCpu } from './probe';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe); // warns, or fails where CI requires it

function batches(xShape: number[], classes: number, count: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  const n = xShape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({
    x: {
      dtype: 'float32' as const,
      shape: xShape,
      data: Float32Array.from({ length: n }, () => rng.uniform(-1, 1)),
    },
    y: {
      dtype: 'int32' as const,
      shape: [xShape[0]!],
      data: Int32Array.from({ length: xShape[0]! }, () => rng.int(classes)),
    },
  }));
}

function maxDiff(a: NamedTensors, b: NamedTensors): number {
  let m = 0;
  for (const k of Object.keys(a)) {
    const x = a[k]!.data;
    const y = b[k]!.data;
    for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]! - y[i]!));
  }
  return m;
}

async function parity(program: Program, data: Batch[], epochMode: 'loop' | 'step', tol: number) {
  const weights = initWeights(program, 3);
  const ref = await createReferenceBackend().compile(program, { weights });
  const ort = await (await createOnnxruntimeBackend('cpu', { epochMode })).compile(program, { weights });
  const refLosses = await ref.trainEpoch(data);
  const ortLosses = await ort.trainEpoch(data);
  expect(ort.steps).toBe(data.length);
  for (let i = 0; i < data.length; i++)
    expect(Math.abs(ortLosses[i]! - refLosses[i]!), `loss of step ${i + 1}`).toBeLessThan(tol);
  expect(maxDiff(await ort.getWeights(), await ref.getWeights())).toBeLessThan(tol);
  const refState = await ref.getOptimizerState();
  const ortState = await ort.getOptimizerState();
  expect(ortState.step).toBe(refState.step);
  expect(maxDiff(ortState.state, refState.state)).toBeLessThan(tol);
  const refEval = await ref.evaluate(data);
  const ortEval = await ort.evaluate(data);
  expect(Math.abs(ortEval.loss - refEval.loss)).toBeLessThan(tol);
  expect(ortEval.errorRate).toBeCloseTo(refEval.errorRate, 6);
  await ref.dispose();
  return ort;
}

describe.skipIf(!probe.available)(
  `onnxruntime-cpu training${probe.available ? '' : ` (skipped: ${probe.reason})`}`,
  () => {
    const mlpProgram = compile(mlp({ layers: 4 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const mlpData = batches([10, 2], 2, 6, 1);

    it.each(['loop', 'step'] as const)('MLP + SGD matches the reference (%s epochs)', async (mode) => {
      const s = await parity(mlpProgram, mlpData, mode, 1e-5);
      await s.dispose();
    });

    it('Loop epochs equal per-step epochs, with a trailing smaller batch and Loops split by maxLoopBytes', async () => {
      const data = [...mlpData, ...batches([4, 2], 2, 1, 9)];
      const weights = initWeights(mlpProgram, 5);
      // A batch of 10 is 80 bytes of x and 40 of y: 240 bytes allow Loops of 2 steps.
      const a = await (
        await createOnnxruntimeBackend('cpu', { epochMode: 'loop', maxLoopBytes: 240 })
      ).compile(mlpProgram, {
        weights,
      });
      const b = await (await createOnnxruntimeBackend('cpu', { epochMode: 'step' })).compile(mlpProgram, {
        weights,
      });
      const la = await a.trainEpoch(data);
      const lb = await b.trainEpoch(data);
      expect(Array.from(la)).toEqual(Array.from(lb));
      // 6 equal batches as 3 Loops of 2, then the odd batch as one step; step mode: 7 runs.
      expect((a as OnnxruntimeSession).engineRuns).toBe(4);
      expect((b as OnnxruntimeSession).engineRuns).toBe(7);
      expect(maxDiff(await a.getWeights(), await b.getWeights())).toBe(0);
      await Promise.all([a.dispose(), b.dispose()]);
    });

    it('small E4 CNN + Adam + dropout matches the reference, and trainStep continues the step count', async () => {
      const program = compile(cifarCnn({ inputShape: [8, 8, 3], classes: 4 }), {
        optimizer: { kind: 'adam', lr: 0.001 },
        seed: 7,
      });
      const data = batches([3, 8, 8, 3], 4, 3, 2);
      const s = await parity(program, data, 'loop', 1e-4);
      const ref = await createReferenceBackend().compile(program, { weights: await s.getWeights() });
      await ref.setWeights(await s.getWeights());
      expect(Number.isFinite(await s.trainStep(data[0]!))).toBe(true);
      expect(s.steps).toBe(4);
      await s.dispose();
      await ref.dispose();
    });

    it.each([
      ['patches + GEMM in CNHW', { BENCH_ORT_CONV: 'gemm' }],
      ['the pre-issue-16 graph', { BENCH_ORT_CONV_BIAS: 'add', BENCH_ORT_GRAD_FILTER: 'patches-nhwc' }],
    ])('small E4 CNN with the conv lowering variant %s matches the reference', async (_, env) => {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        const program = compile(cifarCnn({ inputShape: [8, 8, 3], classes: 4 }), {
          optimizer: { kind: 'adam', lr: 0.001 },
          seed: 7,
        });
        const s = await parity(program, batches([3, 8, 8, 3], 4, 3, 2), 'loop', 1e-4);
        await s.dispose();
      } finally {
        process.env = saved;
      }
    });

    it('exports an inference model that a fresh InferenceSession loads and that predicts the same classes', async () => {
      const session = await (await createOnnxruntimeBackend('cpu')).compile(mlpProgram, { seed: 1 });
      await session.trainEpoch(mlpData);
      const path = join(mkdtempSync(join(tmpdir(), 'bench-ort-')), 'mlp.onnx');
      const { exportOnnx } = await import('../export-onnx');
      await exportOnnx(session, path);
      const ort = await loadOrt();
      const fresh = await ort.InferenceSession.create(path);
      expect(fresh.inputNames).toEqual(['x']);
      expect(fresh.outputNames).toEqual(['probs']);
      const x = mlpData[0]!.x;
      const probs = (await fresh.run({ x: new ort.Tensor('float32', x.data, [...x.shape]) })).probs!;
      const mine = await session.predict(x);
      const argmax = (d: Float32Array, k: number) =>
        Array.from({ length: d.length / k }, (_, r) => (d[r * k]! >= d[r * k + 1]! ? 0 : 1));
      expect(argmax(probs.data as Float32Array, 2)).toEqual(argmax(mine.data, 2));
      expect(
        maxDiff({ p: { dtype: 'float32', shape: [], data: probs.data as Float32Array } }, { p: mine }),
      ).toBeLessThan(1e-6);
      await fresh.release();
      await session.dispose();
    });

    it('rejects weights of the wrong shape, naming the parameter', async () => {
      const session = await (await createOnnxruntimeBackend('cpu')).compile(mlpProgram);
      const name = mlpProgram.params[0]!.name;
      await expect(
        session.setWeights({ [name]: { dtype: 'float32', shape: [1], data: new Float32Array(1) } }),
      ).rejects.toThrow(name);
      await session.dispose();
    });
  },
);
