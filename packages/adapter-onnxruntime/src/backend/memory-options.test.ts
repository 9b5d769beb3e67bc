/**
 * The memory options: defaults and env switches (`BENCH_ORT_ARENA`, `BENCH_ORT_MEM_PATTERN`,
 * `BENCH_ORT_LOOP_MIB`, `BENCH_ORT_RELEASE`) with errors naming the bad value, what onnxruntime gets,
 * and `releaseIdlePhase`: a phase's sessions are released (and re-created) when the other phase
 * starts, with the same numbers as a session that keeps them.
 */
import { Rng, compile, initWeights, mlp } from '@bench/core';
import type { Batch } from '@bench/core';
import { skipUnavailableBackend } from '@bench/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadOrt } from '../ort/runtime';
import { createOnnxruntimeBackend } from './entries';
import { ortSessionOptions, resolveOptions } from './options';
import type { OnnxruntimeSession } from './ort-session';
import { probeCpu } from './probe';

const probe = await probeCpu(1);
skipUnavailableBackend('onnxruntime-cpu', probe);

const ENV = ['BENCH_ORT_ARENA', 'BENCH_ORT_MEM_PATTERN', 'BENCH_ORT_LOOP_MIB', 'BENCH_ORT_RELEASE'];
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) Reflect.deleteProperty(process.env, k);
    else process.env[k] = saved[k];
  }
  vi.restoreAllMocks();
});

describe('onnxruntime memory options', () => {
  it("defaults: arena on, memory patterns off, 16 MiB Loops, idle phase released on 'auto'", () => {
    for (const k of ENV) Reflect.deleteProperty(process.env, k);
    const o = resolveOptions();
    expect([o.cpuMemArena, o.memPattern, o.maxLoopBytes, o.releaseIdlePhase]).toEqual([
      true,
      false,
      16 * 2 ** 20,
      'auto',
    ]);
    const s = ortSessionOptions(o, ['cpu']);
    expect([s.enableCpuMemArena, s.enableMemPattern]).toEqual([true, false]);
  });

  it('env switches apply unless an option is given, and bad values name the variable', () => {
    process.env.BENCH_ORT_ARENA = '0';
    process.env.BENCH_ORT_MEM_PATTERN = '1';
    process.env.BENCH_ORT_LOOP_MIB = '64';
    process.env.BENCH_ORT_RELEASE = '0';
    const o = resolveOptions();
    expect([o.cpuMemArena, o.memPattern, o.maxLoopBytes, o.releaseIdlePhase]).toEqual([
      false,
      true,
      64 * 2 ** 20,
      false,
    ]);
    const given = resolveOptions({
      cpuMemArena: true,
      memPattern: false,
      maxLoopBytes: 1000,
      releaseIdlePhase: true,
    });
    expect([given.cpuMemArena, given.memPattern, given.maxLoopBytes, given.releaseIdlePhase]).toEqual([
      true,
      false,
      1000,
      true,
    ]);
    process.env.BENCH_ORT_ARENA = 'off';
    expect(() => resolveOptions()).toThrow(/BENCH_ORT_ARENA must be 0 or 1, got "off"/);
    process.env.BENCH_ORT_ARENA = '1';
    process.env.BENCH_ORT_RELEASE = 'auto';
    expect(resolveOptions().releaseIdlePhase).toBe('auto');
    process.env.BENCH_ORT_RELEASE = 'yes';
    expect(() => resolveOptions()).toThrow(/BENCH_ORT_RELEASE must be 0, 1 or auto, got "yes"/);
    process.env.BENCH_ORT_RELEASE = '1';
    process.env.BENCH_ORT_LOOP_MIB = 'lots';
    expect(() => resolveOptions()).toThrow(/maxLoopBytes must be > 0, got BENCH_ORT_LOOP_MIB=lots/);
  });
});

function batches(count: number, seed: number): Batch[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => ({
    x: {
      dtype: 'float32' as const,
      shape: [10, 2],
      data: Float32Array.from({ length: 20 }, () => rng.uniform(-1, 1)),
    },
    y: { dtype: 'int32' as const, shape: [10], data: Int32Array.from({ length: 10 }, () => rng.int(2)) },
  }));
}

describe.skipIf(!probe.available)('releaseIdlePhase', () => {
  it('releases the training sessions when evaluation starts and the evaluation session when training resumes, with unchanged results', async () => {
    const program = compile(mlp({ layers: 3 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const weights = initWeights(program, 2);
    const data = batches(4, 1);
    const ort = await loadOrt();
    const create = vi.spyOn(ort.InferenceSession, 'create');
    const run = async (releaseIdlePhase: boolean | 'auto') => {
      create.mockClear();
      const s = await (await createOnnxruntimeBackend('cpu', { releaseIdlePhase })).compile(program, {
        weights,
      });
      await s.prepare(10);
      const sessions = await Promise.all(create.mock.results.map((r) => r.value));
      const releases = sessions.map((x) => vi.spyOn(x, 'release'));
      const created = create.mock.calls.length;
      const l1 = await s.trainEpoch(data);
      const e1 = await s.evaluate(data);
      const l2 = await s.trainEpoch(data);
      const e2 = await s.evaluate(data);
      const p = await s.predict(data[0]!.x);
      const out = {
        numbers: [...l1, e1.loss, ...l2, e2.loss, ...p.data],
        recreated: create.mock.calls.length - created,
        released: releases.filter((r) => r.mock.calls.length > 0).length,
      };
      await s.dispose();
      return out;
    };
    const kept = await run(false);
    const released = await run(true);
    // 'auto' keeps them here: each stint takes milliseconds, less than 20x a session's creation
    const auto = await run('auto');
    expect(released.numbers).toEqual(kept.numbers);
    expect(auto.numbers).toEqual(kept.numbers);
    expect([kept.recreated, kept.released]).toEqual([0, 0]);
    expect([auto.recreated, auto.released]).toEqual([0, 0]);
    // train -> eval: the Loop session is re-created; eval -> train: the eval session; train -> eval:
    // the Loop session again (predict joins eval's phase: nothing released). The step model never ran.
    expect(released.recreated).toBe(3);
    // of the sessions prepare built, exactly the Loop and eval ones were released before dispose
    expect(released.released).toBe(2);
  });

  it('prepare(batchSize) lets two batches share a Loop even when maxLoopBytes holds less', async () => {
    const program = compile(mlp({ layers: 2 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const data = batches(6, 3);
    const make = () => createOnnxruntimeBackend('cpu', { maxLoopBytes: 1 });
    const unprepared = await (await make()).compile(program, { seed: 1 });
    const prepared = await (await make()).compile(program, { seed: 1 });
    await prepared.prepare(10);
    const a = await unprepared.trainEpoch(data);
    const b = await prepared.trainEpoch(data);
    expect(Array.from(b)).toEqual(Array.from(a));
    // one batch per run (the step model) vs Loops of two
    expect((unprepared as OnnxruntimeSession).engineRuns).toBe(6);
    expect((prepared as OnnxruntimeSession).engineRuns).toBe(3);
    await Promise.all([unprepared.dispose(), prepared.dispose()]);
  });
});
