/**
 * The check: an `.onnx` exported after an E3 run loads in a fresh onnxruntime session and
 * predicts the same classes as the training session on the E3 validation set.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, compile, discDataset, initWeights, mlp } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { createOnnxruntimeBackend } from './entries';

describe('export after an E3 run', () => {
  it('a fresh InferenceSession predicts the same classes on the validation set', async () => {
    const train = discDataset({ n: 1000, seed: 0 });
    const valid = discDataset({ n: 1000, seed: 1, stats: train.stats });
    const program = compile(mlp({ layers: 6 }), { optimizer: { kind: 'sgd', lr: 0.1 } });
    const session = await (await createOnnxruntimeBackend('cpu')).compile(program, {
      weights: initWeights(program, 0),
    });
    const batches = new DataLoader(train, { batchSize: 100 }).batches();
    for (let e = 0; e < 20; e++) await session.trainEpoch(batches);
    const path = join(mkdtempSync(join(tmpdir(), 'bench-e3-')), 'e3.onnx');
    await session.exportOnnx!(path);

    const ort = await import('onnxruntime-node');
    const fresh = await ort.InferenceSession.create(path);
    const x = new DataLoader(valid, { batchSize: 1000 }).batches()[0]!.x;
    const theirs = (await fresh.run({ x: new ort.Tensor('float32', x.data, [...x.shape]) })).probs!
      .data as Float32Array;
    const ours = (await session.predict(x)).data;
    const classes = (p: Float32Array) =>
      Array.from({ length: p.length / 2 }, (_, i) => (p[2 * i]! >= p[2 * i + 1]! ? 0 : 1));
    expect(classes(theirs)).toEqual(classes(ours));
    // The model learned something, so the comparison is not between two constant predictions.
    const errors = classes(ours).filter((c, i) => c !== valid.y[i]).length;
    expect(errors / 1000).toBeLessThan(0.05);
    await fresh.release();
    await session.dispose();
  });
});
