import { describe, expect, it } from 'vitest';
import type { Batch } from '../backend/backend';
import { BackendRegistry } from '../backend/registry';
import { compile } from '../compiler';
import { initWeights } from '../compiler';
import { OP_NAMES } from '../ir/ops';
import { cifarCnn, mlp } from '../spec';
import { tensor } from '../tensor';
import { Rng } from '../util/random';
import { executeGraph } from './execute-graph';
import { createReferenceBackend, referenceBackendEntry } from './reference-backend';

function batches(rng: Rng, count: number, n: number, shape: number[], classes: number): Batch[] {
  const per = shape.reduce((p, d) => p * d, 1);
  return Array.from({ length: count }, () => ({
    x: tensor(
      Float32Array.from({ length: n * per }, () => rng.uniform(-1, 1)),
      [n, ...shape],
    ),
    y: tensor(
      Int32Array.from({ length: n }, () => rng.int(classes)),
      [n],
      'int32',
    ),
  }));
}

describe('reference backend', () => {
  it('registers as "reference", priority 0, always available', async () => {
    const registry = new BackendRegistry();
    registry.register(referenceBackendEntry);
    const [probe] = await registry.probeAll();
    expect(probe).toMatchObject({
      name: 'reference',
      priority: 0,
      available: true,
      deviceKind: 'cpu',
      packageName: '@bench/core',
    });
    expect(probe!.device).toBe('cpu (TypeScript, 1 thread)');
    const backend = await registry.get('reference');
    expect([...backend.capabilities.ops].sort()).toEqual([...OP_NAMES].sort());
  });

  it('trains an MLP with SGD: losses match a hand-run of program.train, updates are applied', async () => {
    const program = compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const weights = initWeights(program, 3);
    const session = await createReferenceBackend().compile(program, { weights });
    const data = batches(new Rng(1), 3, 8, [2], 2);
    const losses = await session.trainEpoch(data);
    expect(session.steps).toBe(3);
    // Replay by hand through the executor.
    let w = weights;
    for (let s = 0; s < 3; s++) {
      const out = executeGraph(program.train, {
        x: data[s]!.x,
        y: data[s]!.y,
        step: tensor([s + 1], [], 'int32'),
        ...w,
      });
      expect(losses[s]).toBe(out.loss!.data[0]);
      const next = { ...w };
      for (const u of program.updates) next[u.target] = out[u.value] as (typeof w)[string];
      w = next;
    }
    const got = await session.getWeights();
    for (const name of Object.keys(w)) expect(Array.from(got[name]!.data)).toEqual(Array.from(w[name]!.data));
    expect(losses[2]).toBeLessThan(losses[0]!);
  });

  it('runs Adam with optimizer state, evaluate, predict, memory and dispose', async () => {
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'adam', lr: 0.01 } });
    const session = await createReferenceBackend().compile(program, { seed: 5 });
    const data = batches(new Rng(2), 2, 6, [2], 2);
    await session.trainEpoch(data);
    const { step, state } = await session.getOptimizerState();
    expect(step).toBe(2);
    expect(Object.keys(state).sort()).toEqual(program.state.map((s) => s.name).sort());
    expect(Object.values(state).some((t) => t.data.some((v) => v !== 0))).toBe(true);
    const ev = await session.evaluate([data[0]!, { x: data[1]!.x, y: data[1]!.y }]);
    expect(ev.count).toBe(12);
    expect(ev.errorRate).toBeGreaterThanOrEqual(0);
    expect(ev.errorRate).toBeLessThanOrEqual(1);
    const probs = await session.predict(data[0]!.x);
    expect(probs.shape).toEqual([6, 2]);
    for (let r = 0; r < 6; r++) expect(probs.data[2 * r]! + probs.data[2 * r + 1]!).toBeCloseTo(1, 6);
    const mem = await session.memory();
    const paramCount = program.params.reduce((s, p) => s + p.shape.reduce((a, d) => a * d, 1), 0);
    expect(mem.hostBytes).toBe(4 * paramCount * 3); // params + m + v
    await session.dispose();
    await expect(session.trainStep(data[0]!)).rejects.toThrow(/disposed/);
  });

  it('evaluate weights the mean loss by batch size', async () => {
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await createReferenceBackend().compile(program, { seed: 1 });
    const [a, b] = [batches(new Rng(3), 1, 2, [2], 2)[0]!, batches(new Rng(4), 1, 6, [2], 2)[0]!];
    const ea = await session.evaluate([a]);
    const eb = await session.evaluate([b]);
    const both = await session.evaluate([a, b]);
    expect(both.loss).toBeCloseTo((2 * ea.loss + 6 * eb.loss) / 8, 6);
    expect(both.errorRate).toBeCloseTo((2 * ea.errorRate + 6 * eb.errorRate) / 8, 6);
  });

  it('frozen params do not change; setWeights validates names and shapes', async () => {
    const program = compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.1 }, frozen: ['body'] });
    const session = await createReferenceBackend().compile(program, { seed: 2 });
    const before = await session.getWeights();
    await session.trainEpoch(batches(new Rng(5), 2, 4, [2], 2));
    const after = await session.getWeights();
    for (const p of program.params) {
      const same = Array.from(after[p.name]!.data).every((v, i) => v === before[p.name]!.data[i]);
      expect(same).toBe(!p.trainable);
    }
    await expect(session.setWeights({ nope: tensor([1], [1]) })).rejects.toThrow(
      /"nope" is not a parameter of the program/,
    );
    const first = program.params[0]!;
    await expect(session.setWeights({ [first.name]: tensor([1], [1]) })).rejects.toThrow(
      /has float32 \[1\] but the parameter is float32/,
    );
  });

  it('trains a small CNN (conv, pool, dropout) step by step', async () => {
    const program = compile(cifarCnn({ inputShape: [8, 8, 3], classes: 3 }), {
      optimizer: { kind: 'adam', lr: 0.001 },
    });
    const session = await createReferenceBackend().compile(program, { seed: 0 });
    const losses = await session.trainEpoch(batches(new Rng(6), 2, 2, [8, 8, 3], 3));
    expect(losses.every((l) => Number.isFinite(l) && l > 0)).toBe(true);
  });
});
