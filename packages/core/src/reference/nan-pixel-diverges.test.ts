/**
 * Issue 17: one NaN pixel used to vanish in the reference CNN (relu and max-pooling dropped it)
 * and training reported an ordinary loss. Now it propagates, as in PyTorch and onnxruntime: the
 * loss of the step is NaN (the trainer then records the run as diverged).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../compiler';
import { cifarCnn } from '../spec';
import { tensor } from '../tensor';
import { Rng } from '../util/random';
import { createReferenceBackend } from './reference-backend';

describe('a NaN pixel in a CNN batch', () => {
  it('makes the training loss NaN on the reference backend', async () => {
    const rng = new Rng(3);
    const n = 2;
    const x = Float32Array.from({ length: n * 8 * 8 * 3 }, () => rng.uniform(0, 1));
    x[37] = Number.NaN; // one pixel of the first image
    const y = Int32Array.from({ length: n }, () => rng.int(3));
    const program = compile(cifarCnn({ inputShape: [8, 8, 3], classes: 3 }), {
      optimizer: { kind: 'sgd', lr: 0.01 },
    });
    const session = await createReferenceBackend().compile(program, { seed: 0 });
    const loss = await session.trainStep({ x: tensor(x, [n, 8, 8, 3]), y: tensor(y, [n], 'int32') });
    expect(loss).toBeNaN();
  });
});
