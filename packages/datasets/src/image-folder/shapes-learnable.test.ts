import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLoader, RandomSplitter, compile, createReferenceBackend, smallResnet } from '@bench/core';
import { describe, expect, it } from 'vitest';
import { generateShapesImageFolder } from './generate-shapes-image-folder';
import { loadImageFolder } from './load-image-folder';

// The synthetic bird/forest set must be learnable by a small CNN (E1 runs on it without --data):
// a tiny ResNet on core's reference backend, 80/20 split with seed 42, a few epochs.
describe('generated shapes set', () => {
  it('is learned by a small CNN on the reference backend (held-out error <= 10%)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-shapes-learn-'));
    try {
      await generateShapesImageFolder(dir, { perClass: 40, size: 32, seed: 42 });
      const ds = await loadImageFolder(dir, { size: 16 });
      const { train, valid } = new RandomSplitter(0.2, 42).apply(ds);
      const spec = smallResnet({ inputShape: [16, 16, 3], classes: 2, width: 4, stages: 1 });
      const program = compile(spec, { optimizer: { kind: 'adam', lr: 0.01 } });
      const session = await createReferenceBackend().compile(program, { seed: 1 });
      const trainLoader = new DataLoader(train, { batchSize: 16, shuffle: true, seed: 42 });
      const before = await session.evaluate(new DataLoader(valid, { batchSize: 16 }).batches());
      for (let epoch = 0; epoch < 4; epoch++) await session.trainEpoch(trainLoader.batches(epoch));
      const after = await session.evaluate(new DataLoader(valid, { batchSize: 16 }).batches());
      console.log(
        `shapes 16x16, ${train.length} train / ${valid.length} valid: error ${before.errorRate} -> ${after.errorRate}, loss ${before.loss.toFixed(3)} -> ${after.loss.toFixed(3)}`,
      );
      expect(after.count).toBe(16);
      expect(after.errorRate).toBeLessThanOrEqual(0.1);
      // colour alone nearly separates the classes (an untrained net already gets most right), so
      // the check that learning happened is the held-out loss, which must at least halve
      expect(after.loss).toBeLessThan(0.5 * before.loss);
      session.dispose?.();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
