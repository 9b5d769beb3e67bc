/**
 * The session-contract suite: the behaviour core's TrainingSession promises on every backend
 * (disposed use, bad batches, unknown or mis-shaped weights, empty input, weights and optimizer
 * state round trips, prepare, streamed batches). It runs through the adapter's real engine, so
 * an adapter whose handler or compile path bypasses the core session fails here.
 */
import {
  EmptyInputError,
  InvalidBatchError,
  InvalidWeightsError,
  Rng,
  SessionDisposedError,
  compile,
  initWeights,
  mlp,
  tensor,
} from '@bench/core';
import type { Backend, Batch, NamedTensors, ProbeResult, Program, Session } from '@bench/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { resolveBackendForTests } from './resolve-backend';

/** Options of `describeSessionContract`. */
export interface DescribeSessionContractOptions {
  /** The backend's registry probe: unavailable skips (or fails when CI requires the backend). */
  probe?: () => ProbeResult | Promise<ProbeResult>;
}

const INPUTS = 3;
const CLASSES = 2;

function batch(rows: number, seed: number): Batch {
  const rng = new Rng(seed);
  return {
    x: tensor(
      Float32Array.from({ length: rows * INPUTS }, () => rng.uniform(-1, 1)),
      [rows, INPUTS],
    ),
    y: tensor(
      Int32Array.from({ length: rows }, () => rng.int(CLASSES)),
      [rows],
      'int32',
    ),
  };
}

function program(optimizer: 'sgd' | 'adam'): Program {
  return compile(mlp({ layers: 2, inputSize: INPUTS, classes: CLASSES }), {
    optimizer: optimizer === 'sgd' ? { kind: 'sgd', lr: 0.1 } : { kind: 'adam', lr: 0.01 },
  });
}

function expectSame(got: NamedTensors, want: NamedTensors): void {
  expect(Object.keys(got).sort()).toEqual(Object.keys(want).sort());
  for (const [name, t] of Object.entries(want)) {
    expect(got[name]!.shape, name).toEqual([...t.shape]);
    expect(Array.from(got[name]!.data), name).toEqual(Array.from(t.data));
  }
}

async function* stream(batches: readonly Batch[]): AsyncGenerator<Batch> {
  for (const b of batches) yield b;
}

/**
 * Declares `session contract: <name>`: one test per promise of the Session contract, each on a
 * small MLP (3 inputs, 2 classes) compiled by `getBackend()`. Error checks use the exact
 * classes' `isInstance`, so a backend throwing its own errors fails.
 */
export function describeSessionContract(
  name: string,
  getBackend: () => Backend | Promise<Backend>,
  options: DescribeSessionContractOptions = {},
): void {
  describe(`session contract: ${name}`, () => {
    let backend: Backend | undefined;
    let skipReason: string | undefined;
    const open: Session[] = [];
    beforeAll(async () => {
      ({ backend, skipReason } = await resolveBackendForTests(
        name,
        'session contract',
        getBackend,
        options.probe,
      ));
    });
    afterEach(async () => {
      for (const s of open.splice(0)) await s.dispose();
    });

    /** Compiles on the backend under test, or skips the test. */
    async function session(
      ctx: { skip(note?: string): void },
      p: Program,
      weights?: NamedTensors,
    ): Promise<Session> {
      if (!backend) {
        ctx.skip(skipReason);
        throw new Error('unreachable: skipped');
      }
      const s = await backend.compile(p, { weights: weights ?? initWeights(p, 5) });
      open.push(s);
      return s;
    }

    async function rejectsWith(promise: Promise<unknown>, check: (e: unknown) => boolean, what: string) {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, `${what}: expected a rejection`).toBeDefined();
      expect(check(error), `${what}: got ${String(error)}`).toBe(true);
    }

    it('a disposed session rejects every call with SessionDisposedError; dispose is idempotent', async (ctx) => {
      const s = await session(ctx, program('sgd'));
      await s.dispose();
      await s.dispose();
      const b = batch(2, 1);
      const is = SessionDisposedError.isInstance;
      await rejectsWith(s.trainStep(b), is, 'trainStep');
      await rejectsWith(s.trainEpoch([b]), is, 'trainEpoch');
      await rejectsWith(s.evaluate([b]), is, 'evaluate');
      await rejectsWith(s.predict(b.x), is, 'predict');
      await rejectsWith(s.prepare(2), is, 'prepare');
      await rejectsWith(s.getWeights(), is, 'getWeights');
      await rejectsWith(s.setWeights({}), is, 'setWeights');
      await rejectsWith(s.getOptimizerState(), is, 'getOptimizerState');
      await rejectsWith(s.setOptimizerState({ step: 0, state: {} }), is, 'setOptimizerState');
      await s.memory();
    });

    it('a bad batch is an InvalidBatchError and runs no step; an epoch keeps the steps before it', async (ctx) => {
      const s = await session(ctx, program('sgd'));
      const good = batch(4, 2);
      const is = InvalidBatchError.isInstance;
      await rejectsWith(s.trainStep({ x: tensor(new Float32Array(8), [4, 2]), y: good.y }), is, 'x [4, 2]');
      await rejectsWith(
        s.trainStep({ x: good.x, y: tensor(Int32Array.of(0, 1, 0), [3], 'int32') }),
        is,
        'y [3]',
      );
      await rejectsWith(s.trainStep({ x: good.x, y: tensor([0, 1, 0, 1], [4]) as never }), is, 'float32 y');
      await rejectsWith(
        s.trainStep({ x: good.x, y: tensor(Int32Array.of(0, 1, CLASSES, 0), [4], 'int32') }),
        is,
        'label out of range',
      );
      await rejectsWith(s.evaluate([{ x: tensor(new Float32Array(8), [2, 4]), y: good.y }]), is, 'evaluate');
      await rejectsWith(s.predict(tensor(new Float32Array(4), [1, 4])), is, 'predict x [1, 4]');
      expect(s.steps).toBe(0);
      // an epoch trains the batches before the bad one (fused or not), then throws
      await rejectsWith(
        s.trainEpoch([good, { x: good.x, y: tensor(Int32Array.of(0), [1], 'int32') }]),
        is,
        'epoch',
      );
      expect(s.steps).toBe(1);
    });

    it('unknown or mis-shaped weights are an InvalidWeightsError, at compile and in setWeights', async (ctx) => {
      const p = program('sgd');
      const s = await session(ctx, p);
      const first = p.params[0]!;
      const is = InvalidWeightsError.isInstance;
      await rejectsWith(s.setWeights({ 'no/such/param': tensor([1], [1]) }), is, 'unknown name');
      await rejectsWith(s.setWeights({ [first.name]: tensor([1, 2], [2]) }), is, 'wrong shape');
      await rejectsWith(
        s.setOptimizerState({ step: 0, state: { 'no/such/state': tensor([1], [1]) } }),
        is,
        'unknown state',
      );
      await rejectsWith(
        backend!.compile(p, { weights: { ...initWeights(p, 1), 'no/such/param': tensor([1], [1]) } }),
        is,
        'compile with an unknown name',
      );
    });

    it('no input at all is an EmptyInputError: evaluate([]), trainEpoch([]), predict of zero rows', async (ctx) => {
      const s = await session(ctx, program('sgd'));
      const is = EmptyInputError.isInstance;
      await rejectsWith(s.evaluate([]), is, 'evaluate([])');
      await rejectsWith(s.trainEpoch([]), is, 'trainEpoch([])');
      await rejectsWith(s.predict(tensor(new Float32Array(0), [0, INPUTS])), is, 'predict [0, 3]');
      expect(s.steps).toBe(0);
    });

    it('weights round trip exactly: compile weights, setWeights, partial setWeights, NaN and Inf as given', async (ctx) => {
      const p = program('sgd');
      const w0 = initWeights(p, 11);
      const s = await session(ctx, p, w0);
      expectSame(await s.getWeights(), w0);
      const w1 = initWeights(p, 12);
      await s.setWeights(w1);
      expectSame(await s.getWeights(), w1);
      const first = p.params[0]!.name;
      await s.setWeights({ [first]: w0[first]! });
      expectSame(await s.getWeights(), { ...w1, [first]: w0[first]! });
      // values are not validated: NaN and Inf are stored as given on every backend
      const odd = Float32Array.from(w0[first]!.data, (v, i) =>
        i === 0 ? Number.NaN : i === 1 ? Number.POSITIVE_INFINITY : v,
      );
      await s.setWeights({ [first]: tensor(odd, w0[first]!.shape) });
      expect(Array.from((await s.getWeights())[first]!.data)).toEqual(Array.from(odd));
    });

    it('optimizer state round trips and resumes training exactly where it left off', async (ctx) => {
      const p = program('adam');
      const a = await session(ctx, p);
      const data = [batch(4, 3), batch(4, 4)];
      await a.trainEpoch(data);
      const saved = await a.getOptimizerState();
      expect(saved.step).toBe(2);
      expect(Object.keys(saved.state).sort()).toEqual(p.state.map((s) => s.name).sort());
      const b = await session(ctx, p, await a.getWeights());
      await b.setOptimizerState(saved);
      const restored = await b.getOptimizerState();
      expect(restored.step).toBe(2);
      expectSame(restored.state, saved.state);
      const next = batch(4, 5);
      const la = await a.trainStep(next);
      const lb = await b.trainStep(next);
      expect(lb).toBe(la);
      expectSame(await b.getWeights(), await a.getWeights());
    });

    it('prepare changes nothing, is idempotent and rejects a non-positive batch size; batches may stream', async (ctx) => {
      const p = program('adam');
      const s = await session(ctx, p);
      const before = await s.getWeights();
      await s.prepare(4);
      await s.prepare(4);
      expectSame(await s.getWeights(), before);
      expect(s.steps).toBe(0);
      expect(
        Object.values((await s.getOptimizerState()).state).every((t) => t.data.every((v) => v === 0)),
      ).toBe(true);
      await rejectsWith(s.prepare(0), InvalidBatchError.isInstance, 'prepare(0)');
      const data = [batch(4, 6), batch(4, 7), batch(3, 8)];
      const losses = await s.trainEpoch(stream(data));
      expect(losses.length).toBe(3);
      expect(s.steps).toBe(3);
      const r = await s.evaluate(stream(data));
      expect(r.count).toBe(11);
      expect(Number.isFinite(r.loss)).toBe(true);
      const m = await s.memory();
      expect(m.hostBytes ?? m.deviceBytes ?? m.tensors).toBeDefined();
    });
  });
}
