/**
 * Training parity of tfjs sessions with the reference executor of @bench/core (same spec, same
 * initial weights, same batches: same losses and weights within float32 tolerance), dropout
 * and Adam included, and flat engine memory over 1,000 steps.
 */
import { Rng, compile, createReferenceBackend, initWeights, mlp, tensor } from '@bench/core';
import type { Batch, ModelSpec, NamedTensors, Program, Session } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { backendOf, probeAll, suiteName } from '../__tests__/engines';
import { createTfjsBackend } from '../backend/tfjs-backend-impl';
import { tfjsCpu } from '../backends';
import { loadCpuEngine } from '../engine/load-cpu';

const probed = await probeAll();

function batches(count: number, size: number, inShape: number[], classes: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  const per = inShape.reduce((a, b) => a * b, 1);
  return Array.from({ length: count }, () => ({
    x: tensor(
      Float32Array.from({ length: size * per }, () => rng.uniform(-1, 1)),
      [size, ...inShape],
    ),
    y: tensor(
      Int32Array.from({ length: size }, () => rng.int(classes)),
      [size],
      'int32',
    ),
  }));
}

const denseSpec: ModelSpec = {
  specVersion: 1,
  name: 'dense-dropout',
  input: { shape: [5] },
  layers: [
    { type: 'dense', units: 16 },
    { type: 'relu' },
    { type: 'dropout', rate: 0.3 },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
};

const cnnSpec: ModelSpec = {
  specVersion: 1,
  name: 'tiny-cnn',
  input: { shape: [6, 6, 2] },
  layers: [
    { type: 'conv2d', filters: 4, kernelSize: 3, padding: 'same' },
    { type: 'relu' },
    { type: 'maxPool2d', poolSize: 2, strides: 2, padding: 'same' },
    { type: 'conv2d', filters: 3, kernelSize: 2, strides: 1, padding: 'valid' },
    { type: 'relu' },
    { type: 'flatten' },
    { type: 'dropout', rate: 0.2 },
    { type: 'dense', units: 3 },
    { type: 'softmax' },
  ],
};

function maxAbsDiff(a: NamedTensors, b: NamedTensors): number {
  let m = 0;
  for (const [name, t] of Object.entries(a)) {
    const u = b[name]!;
    expect(u.shape).toEqual(t.shape);
    for (let i = 0; i < t.data.length; i++) m = Math.max(m, Math.abs(t.data[i]! - u.data[i]!));
  }
  return m;
}

async function trainBoth(program: Program, data: Batch[], epochs: number, session: Session) {
  const ref = await createReferenceBackend().compile(program, { weights: initWeights(program, 7) });
  const got: number[] = [];
  const want: number[] = [];
  for (let e = 0; e < epochs; e++) {
    got.push(...(await session.trainEpoch(data)));
    want.push(...(await ref.trainEpoch(data)));
  }
  const result = {
    got,
    want,
    weightDiff: maxAbsDiff(await session.getWeights(), await ref.getWeights()),
    stateDiff: maxAbsDiff((await session.getOptimizerState()).state, (await ref.getOptimizerState()).state),
    evalGot: await session.evaluate(data),
    evalWant: await ref.evaluate(data),
    probsGot: await session.predict(data[0]!.x),
    probsWant: await ref.predict(data[0]!.x),
  };
  await ref.dispose();
  return result;
}

for (const p of probed) {
  describe.skipIf(!p.probe.available)(suiteName(p, 'training parity with the reference executor'), () => {
    const cases = [
      { spec: denseSpec, optimizer: { kind: 'adam', lr: 0.01 } as const, inShape: [5], tol: 1e-4 },
      { spec: cnnSpec, optimizer: { kind: 'adam', lr: 0.01 } as const, inShape: [6, 6, 2], tol: 1e-4 },
      { spec: mlp({ layers: 4 }), optimizer: { kind: 'sgd', lr: 0.1 } as const, inShape: [2], tol: 1e-4 },
    ];
    for (const c of cases) {
      it(`${c.spec.name} with ${c.optimizer.kind}: losses, weights, optimizer state, evaluate, predict`, async () => {
        const program = compile(c.spec, { optimizer: c.optimizer, seed: 3 });
        const backend = await backendOf(p.entry);
        const session = await backend.compile(program, { weights: initWeights(program, 7) });
        const data = batches(3, 8, c.inShape, 3 > 2 && c.spec.name.startsWith('mlp') ? 2 : 3, 11);
        const r = await trainBoth(program, data, 2, session);
        expect(r.got.length).toBe(6);
        r.got.forEach((l, i) =>
          expect(Math.abs(l - r.want[i]!), `step ${i + 1}: ${l} vs ${r.want[i]}`).toBeLessThanOrEqual(c.tol),
        );
        expect(r.weightDiff).toBeLessThanOrEqual(c.tol);
        expect(r.stateDiff).toBeLessThanOrEqual(c.tol);
        expect(Math.abs(r.evalGot.loss - r.evalWant.loss)).toBeLessThanOrEqual(c.tol);
        expect(r.evalGot.errorRate).toBeCloseTo(r.evalWant.errorRate, 6);
        expect(r.evalGot.count).toBe(24);
        expect(r.probsGot.shape).toEqual(r.probsWant.shape);
        r.probsGot.data.forEach((v, i) =>
          expect(Math.abs(v - r.probsWant.data[i]!)).toBeLessThanOrEqual(c.tol),
        );
        expect(session.steps).toBe(6);
        await session.dispose();
      });
    }

    it('keeps engine memory flat through prepare and over 1,000 steps (10 epochs of 100 steps, mlp-3)', async () => {
      const program = compile(mlp({ layers: 3 }), { optimizer: { kind: 'adam', lr: 0.01 } });
      const backend = await backendOf(p.entry);
      const session = await backend.compile(program, { weights: initWeights(program, 1) });
      const data = batches(100, 10, [2], 2, 5);
      const compiled = await session.memory();
      await session.prepare(10);
      expect((await session.memory()).tensors).toBe(compiled.tensors); // prepare keeps no tensor
      await session.trainEpoch(data);
      const before = await session.memory();
      for (let e = 1; e < 10; e++) await session.trainEpoch(data);
      const after = await session.memory();
      expect(session.steps).toBe(1000);
      expect(after.tensors).toBe(before.tensors);
      expect(after.hostBytes ?? after.deviceBytes).toBe(before.hostBytes ?? before.deviceBytes);
      await session.dispose();
      const disposed = await session.memory();
      expect(disposed.tensors).toBe((before.tensors ?? 0) - program.params.length - program.state.length);
    });

    it('setWeights replaces parameters and rejects wrong shapes with the parameter name', async () => {
      const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
      const session = await (await backendOf(p.entry)).compile(program, { weights: initWeights(program, 1) });
      const w = initWeights(program, 99);
      await session.setWeights(w);
      expect(maxAbsDiff(await session.getWeights(), w)).toBe(0);
      const name = program.params[0]!.name;
      await expect(session.setWeights({ [name]: tensor([1, 2], [2]) })).rejects.toThrow(
        new RegExp(`"${name}" has float32 \\[2\\]`),
      );
      await expect(
        session.trainStep({ x: tensor([1, 2, 3], [1, 3]), y: tensor([0], [1], 'int32') }),
      ).rejects.toThrow(/x is float32 \[1, 3\]/);
      await session.dispose();
    });
  });
}

describe('memory kind follows the backend deviceKind (tfjs-cuda reported GPU memory as host memory)', () => {
  it('a tfjs backend declared gpu reports device bytes, a cpu one host bytes', async () => {
    const entry = createTfjsBackend({
      name: 'tfjs-cpu-declared-gpu',
      engine: 'cpu',
      load: loadCpuEngine,
      priority: 0,
      description: 'test: the cpu engine under a gpu deviceKind, as tfjs-cuda runs the tensorflow engine',
      packageName: '@bench/adapter-tfjs',
      deviceKind: 'gpu',
    });
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const gpu = await (await entry.create()).compile(program, { seed: 1 });
    const cpu = await (await backendOf(tfjsCpu)).compile(program, { seed: 1 });
    const [g, c] = [await gpu.memory(), await cpu.memory()];
    expect(g.deviceBytes).toBeGreaterThan(0);
    expect(g.hostBytes).toBeUndefined();
    expect(c.hostBytes).toBeGreaterThan(0);
    expect(c.deviceBytes).toBeUndefined();
    await gpu.dispose();
    await cpu.dispose();
  });
});
