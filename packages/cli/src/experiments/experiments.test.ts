import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onnxruntimeCpuEntry } from '@bench/adapter-onnxruntime';
import { BackendRegistry, referenceBackendEntry, validateRecord } from '@bench/core';
import type { EpochRecord, PredictionsRecord, ResultRecord, RunRecord } from '@bench/core';
import { generateShapesImageFolder } from '@bench/datasets';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { writeCifarBinaryFolder } from '../../../datasets/src/__fixtures__/cifar-fixtures';
import type { Cell } from './experiment';
import { EXPERIMENTS } from './index';
import { runCell } from './run-cell';

/** A cell with the sweep defaults filled in (id, repeat 0, no options). */
function cellOf(c: Partial<Cell> & Pick<Cell, 'experiment' | 'backend' | 'epochs'>): Cell {
  const id = `${c.experiment}/${c.backend}/test`;
  return { id, cellId: id, repeat: 0, batchSize: 250, options: {}, ...c };
}

async function run(
  partial: Parameters<typeof cellOf>[0],
): Promise<{ records: ResultRecord[]; run: RunRecord; lines: string[] }> {
  const cell = cellOf(partial);
  const registry = new BackendRegistry();
  registry.register(referenceBackendEntry);
  registry.register(onnxruntimeCpuEntry);
  const records: ResultRecord[] = [];
  const lines: string[] = [];
  const r = await runCell(EXPERIMENTS[cell.experiment]!, cell, {
    registry,
    emit: (x) => records.push(validateRecord(x)),
    log: (l) => lines.push(l),
  });
  return { records, run: r, lines };
}

describe('experiments', () => {
  it('E4 trains the CIFAR CNN on a CIFAR-format folder and records curves and a 4x6 prediction grid', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'e4-')), 'cifar-10-batches-bin');
    await writeCifarBinaryFolder(dir, 20, 30);
    const gridFile = join(dir, '..', 'grid.png');
    const { records, run: r } = await run({
      experiment: 'e4',
      backend: 'reference',
      epochs: 1,
      batchSize: 25,
      options: { data: dir, limit: 50, grid: gridFile },
    });
    expect(r.error).toBeUndefined();
    expect(r.status).toBe('ok');
    expect(r.params).toBe(787530);
    const epochs = records.filter((x): x is EpochRecord => x.kind === 'epoch');
    expect(epochs).toHaveLength(1);
    expect(epochs[0]!.validLoss).toBeTypeOf('number');
    const grid = records.find((x): x is PredictionsRecord => x.kind === 'predictions')!;
    expect(grid.items).toHaveLength(10); // the test split has 10 images at --limit 50
    expect(grid.items[0]!.image).toMatch(/^data:image\/png;base64,/);
    expect(grid.classNames).toContain('airplane');
    expect(records[records.length - 1]!.kind).toBe('run');
    const meta = await sharp(gridFile).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 6 * 128, 4 * (128 + 34)]);
  });

  it('E4 without data says where to put it', async () => {
    const { run: r } = await run({ experiment: 'e4', backend: 'reference', epochs: 1 });
    expect(r.status).toBe('failed');
    expect(r.error).toMatch(/--data DIR .*--download.*--dataset mnist/);
    // Failed before the model was built: the record still names the model and batch size asked for.
    expect([r.model, r.batchSize, r.params]).toEqual(['cifar-cnn-32x32x3-cifar10', 250, 0]);
  });

  it('E1 generates a synthetic folder and fine-tunes with a frozen then unfrozen phase', async () => {
    const {
      records,
      run: r,
      lines,
    } = await run({
      experiment: 'e1',
      backend: 'reference',
      epochs: 1,
      batchSize: 8,
      options: { size: 24, perClass: 8 },
    });
    expect(r.error).toBeUndefined();
    const epochs = records.filter((x): x is EpochRecord => x.kind === 'epoch');
    expect(epochs.map((e) => `${e.phase}:${e.epoch}`)).toEqual(['frozen:1', 'unfrozen:2']);
    expect(lines.some((l) => /^phase\s+epoch\s+train_loss/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('generating a synthetic bird/forest image folder'))).toBe(true);
    expect(lines.some((l) => l.includes('model resnet18'))).toBe(true);
    expect(r.params).toBe(11_177_538); // ResNet-18 with a 2-class head
  }, 120_000);

  it('E1 puts the files the image loader skipped into the run record', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'e1-')), 'images');
    await generateShapesImageFolder(dir, { perClass: 6, size: 24, seed: 1 });
    writeFileSync(join(dir, 'bird', 'broken.jpg'), 'not a jpeg');
    const { run: r } = await run({
      experiment: 'e1',
      backend: 'reference',
      epochs: 1,
      batchSize: 8,
      options: { size: 24, data: dir },
    });
    expect(r.status).toBe('ok');
    expect(r.warnings).toEqual([
      expect.stringMatching(/^skipped 1 file\(s\) that are not readable images: .*bird\/broken\.jpg \(/),
    ]);
  }, 120_000);

  it('E1 (ResNet-18, 2-class head) gives the same per-phase losses on onnxruntime-cpu and reference', async () => {
    const losses: number[][] = [];
    for (const backend of ['reference', 'onnxruntime-cpu']) {
      const { records, run: r } = await run({
        experiment: 'e1',
        backend,
        epochs: 1,
        batchSize: 8,
        options: { size: 32, perClass: 10, limit: 16 },
      });
      expect(r.error).toBeUndefined();
      losses.push(records.filter((x): x is EpochRecord => x.kind === 'epoch').map((e) => e.trainLoss));
    }
    expect(losses[0]).toHaveLength(2);
    for (let i = 0; i < 2; i++)
      expect(Math.abs(losses[1]![i]! - losses[0]![i]!) / losses[0]![i]!).toBeLessThan(1e-3);
  }, 300_000);
});
