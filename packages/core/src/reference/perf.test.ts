/**
 * Speed report of the reference kernels (printed, never asserted: the machine is shared). Shows
 * matmul GFLOP/s at 256x256, conv2d GFLOP/s on a CIFAR-like layer, and ms per E3 8-layer MLP step.
 */
import { describe, expect, it } from 'vitest';
import type { Batch } from '../backend/backend';
import { compile } from '../compiler';
import { mlp } from '../spec';
import { tensor } from '../tensor';
import { Rng } from '../util/random';
import { randomTensor, runOp, toF32 } from './__fixtures__/single-op';
import { createReferenceBackend } from './reference-backend';

/**
 * Median milliseconds of `fn` in process CPU time (user + system), which a machine shared with
 * other jobs inflates far less than wall time does.
 */
function medianMs(fn: () => void, reps: number): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = process.cpuUsage();
    fn();
    const u = process.cpuUsage(t);
    times.push((u.user + u.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(reps / 2)]!;
}

describe('reference kernel speed (printed only)', () => {
  const rng = new Rng(9);

  it('matmul 256x256x256 and conv2d on a CIFAR-like layer', () => {
    const a = toF32(randomTensor(rng, [256, 256]));
    const b = toF32(randomTensor(rng, [256, 256]));
    for (const [tA, tB] of [
      [false, false],
      [true, false],
      [false, true],
    ] as const) {
      const ms = medianMs(() => runOp('matmul', [a, b], { transA: tA, transB: tB }, 'float32'), 7);
      console.log(
        `[perf] matmul 256x256x256 transA=${tA} transB=${tB}: ${ms.toFixed(2)} ms, ${((2 * 256 ** 3) / ms / 1e6).toFixed(2)} GFLOP/s (CPU time)`,
      );
    }
    // conv 3x3, 32 -> 64 channels, 16x16 input, batch 8, same padding
    const x = toF32(randomTensor(rng, [8, 16, 16, 32]));
    const w = toF32(randomTensor(rng, [3, 3, 32, 64]));
    const attrs = { strides: [1, 1] as [number, number], padding: 'same' as const };
    const flops = 2 * 8 * 16 * 16 * 64 * 3 * 3 * 32;
    const [y] = runOp('conv2d', [x, w], attrs, 'float32');
    expect(y!.shape).toEqual([8, 16, 16, 64]);
    const ms = medianMs(() => runOp('conv2d', [x, w], attrs, 'float32'), 5);
    console.log(
      `[perf] conv2d x[8,16,16,32] w[3,3,32,64] same: ${ms.toFixed(2)} ms, ${(flops / ms / 1e6).toFixed(2)} GFLOP/s`,
    );
    const dy = toF32(randomTensor(rng, [8, 16, 16, 64]));
    const gi = medianMs(
      () => runOp('conv2dGradInput', [dy, w], { ...attrs, inputShape: [16, 16, 32] }, 'float32'),
      5,
    );
    const gf = medianMs(
      () => runOp('conv2dGradFilter', [x, dy], { ...attrs, filterShape: [3, 3, 32, 64] }, 'float32'),
      5,
    );
    console.log(
      `[perf] conv2dGradInput: ${(flops / gi / 1e6).toFixed(2)} GFLOP/s, conv2dGradFilter: ${(flops / gf / 1e6).toFixed(2)} GFLOP/s`,
    );
  });

  it('E3 8-layer MLP (44,710 params), batch 100, forward+backward+SGD', async () => {
    const program = compile(mlp({ layers: 8 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const params = program.params.reduce((s, p) => s + p.shape.reduce((a, d) => a * d, 1), 0);
    expect(params).toBe(44710);
    const session = await createReferenceBackend().compile(program, { seed: 0 });
    const batches: Batch[] = Array.from({ length: 10 }, () => ({
      x: tensor(
        Float32Array.from({ length: 200 }, () => rng.normal()),
        [100, 2],
      ),
      y: tensor(
        Int32Array.from({ length: 100 }, () => rng.int(2)),
        [100],
        'int32',
      ),
    }));
    await session.trainEpoch(batches); // warm-up
    const reps = 3;
    const wall = performance.now();
    const cpu = process.cpuUsage();
    for (let r = 0; r < reps; r++) await session.trainEpoch(batches);
    const used = process.cpuUsage(cpu);
    const steps = reps * batches.length;
    const cpuMs = (used.user + used.system) / 1000 / steps;
    const wallMs = (performance.now() - wall) / steps;
    console.log(
      `[perf] E3 mlp-8 batch 100: ${cpuMs.toFixed(2)} ms CPU, ${wallMs.toFixed(2)} ms wall per training step (${steps} steps)`,
    );
  });
});
