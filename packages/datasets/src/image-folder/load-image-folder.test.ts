import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchError } from '@bench/core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShapesImageFolder } from './generate-shapes-image-folder';
import { loadImageFolder } from './load-image-folder';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bench-imgfolder-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('loadImageFolder', () => {
  it('loads a generated two-class folder, skipping and reporting corrupt files', async () => {
    const dir = join(root, 'shapes');
    const gen = await generateShapesImageFolder(dir, { perClass: 6, size: 24, seed: 1 });
    expect(gen.files).toHaveLength(12);
    // corrupt and non-image files
    await writeFile(join(dir, 'bird', 'notes.txt'), 'not an image');
    await writeFile(join(dir, 'forest', 'empty.png'), new Uint8Array(0));
    const jpeg = await readFile(gen.files.find((f) => f.endsWith('.jpg'))!);
    await writeFile(join(dir, 'forest', 'truncated.jpg'), jpeg.subarray(0, Math.floor(jpeg.length / 2)));
    await writeFile(join(dir, 'bird', '.DS_Store'), 'hidden, ignored');
    const events: number[] = [];

    const ds = await loadImageFolder(dir, { size: 16, onProgress: (e) => events.push(e.done) });

    expect(ds.classNames).toEqual(['bird', 'forest']);
    expect(ds.numClasses).toBe(2);
    expect(ds.inputShape).toEqual([16, 16, 3]);
    expect(ds.length).toBe(12);
    expect(ds.skipped.map((s) => s.path.split('/').slice(-2).join('/'))).toEqual([
      'bird/notes.txt',
      'forest/empty.png',
      'forest/truncated.jpg',
    ]);
    for (const s of ds.skipped) expect(s.reason.length).toBeGreaterThan(0);
    expect(events).toHaveLength(15);
    expect(events[14]).toBe(15);
    expect(ds.files.filter((f) => f.includes('/bird/'))).toHaveLength(6);
    expect(Array.from(ds.labels)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    const ex = ds.get(0);
    expect(ex.x).toHaveLength(16 * 16 * 3);
    expect(Math.min(...ex.x)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...ex.x)).toBeLessThanOrEqual(1);
    // the bird (sky) images are blue on average, the forest ones green
    const mean = (x: Float32Array, c: number) =>
      x.filter((_, i) => i % 3 === c).reduce((a, b) => a + b, 0) / (x.length / 3);
    expect(mean(ds.get(0).x, 2)).toBeGreaterThan(mean(ds.get(0).x, 1));
    expect(mean(ds.get(11).x, 1)).toBeGreaterThan(mean(ds.get(11).x, 2));
    const batch = ds.getBatch(Int32Array.of(11, 0));
    expect(batch.x.shape).toEqual([2, 16, 16, 3]);
    expect(Array.from(batch.y.data)).toEqual([1, 0]);
    expect(Array.from(batch.x.data.subarray(0, 16 * 16 * 3))).toEqual(Array.from(ds.get(11).x));
  });

  it('squishes (no crop), drops alpha and expands greyscale to RGB', async () => {
    const dir = join(root, 'formats');
    await mkdir(join(dir, 'a'), { recursive: true });
    // 40x20 image: a red band on the 5 leftmost columns, blue elsewhere. Squished to 16x16 the
    // two leftmost columns stay red; a centre crop would lose the band.
    const w = 40;
    const h = 20;
    const rgb = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) rgb.set(x < 5 ? [255, 0, 0] : [0, 0, 255], (y * w + x) * 3);
    await sharp(Buffer.from(rgb), { raw: { width: w, height: h, channels: 3 } })
      .png()
      .toFile(join(dir, 'a', '1-wide.png'));
    const grey = new Uint8Array(8 * 8).fill(128);
    await sharp(Buffer.from(grey), { raw: { width: 8, height: 8, channels: 1 } })
      .png()
      .toFile(join(dir, 'a', '2-grey.png'));
    const rgba = new Uint8Array(8 * 8 * 4);
    for (let i = 0; i < 64; i++) rgba.set([0, 255, 0, 10], i * 4);
    await sharp(Buffer.from(rgba), { raw: { width: 8, height: 8, channels: 4 } })
      .webp({ lossless: true })
      .toFile(join(dir, 'a', '3-alpha.webp'));

    const ds = await loadImageFolder(dir, { size: 16 });
    expect(ds.skipped).toEqual([]);
    expect(ds.length).toBe(3);
    const wide = ds.get(0).x;
    const px = (x: number, y: number) => Array.from(wide.subarray((y * 16 + x) * 3, (y * 16 + x) * 3 + 3));
    expect(px(0, 8)).toEqual([1, 0, 0]);
    expect(px(15, 8)).toEqual([0, 0, 1]);
    const g = ds.get(1).x;
    for (let i = 0; i < g.length; i += 3) {
      expect(g[i]).toBeCloseTo(128 / 255, 6);
      expect(g[i + 1]).toBe(g[i]);
      expect(g[i + 2]).toBe(g[i]);
    }
    const a = ds.get(2).x;
    expect(Array.from(a.subarray(0, 3))).toEqual([0, 1, 0]);
  });

  it('rejects an empty class folder and a folder without class folders, naming the path', async () => {
    const dir = join(root, 'empty-class');
    await generateShapesImageFolder(dir, { classes: ['cat'], perClass: 1, size: 8 });
    await mkdir(join(dir, 'dog'));
    const err = await loadImageFolder(dir, { size: 8 }).catch((e) => e);
    expect(BenchError.isInstance(err)).toBe(true);
    expect(err.message).toContain(join(dir, 'dog'));
    expect(err.message).toMatch(/empty/);

    const flat = join(root, 'flat');
    await mkdir(flat);
    await writeFile(join(flat, 'x.png'), '');
    await expect(loadImageFolder(flat)).rejects.toThrow(/no class sub-folders.*one sub-folder per class/);
    await expect(loadImageFolder(join(root, 'missing'))).rejects.toThrow(/cannot read image folder/);
  });

  it('rejects a class whose files are all unreadable, listing why', async () => {
    const dir = join(root, 'all-bad');
    await generateShapesImageFolder(dir, { classes: ['ok'], perClass: 1, size: 8 });
    await mkdir(join(dir, 'bad'));
    await writeFile(join(dir, 'bad', 'a.jpg'), 'garbage');
    await expect(loadImageFolder(dir, { size: 8 })).rejects.toThrow(
      /bad" has no readable image \(1 files skipped/,
    );
  });

  it('generates the same pixels for the same seed', async () => {
    const a = await generateShapesImageFolder(join(root, 'seed-a'), {
      perClass: 2,
      size: 12,
      seed: 7,
      format: 'png',
    });
    const b = await generateShapesImageFolder(join(root, 'seed-b'), {
      perClass: 2,
      size: 12,
      seed: 7,
      format: 'png',
    });
    const c = await generateShapesImageFolder(join(root, 'seed-c'), {
      perClass: 2,
      size: 12,
      seed: 8,
      format: 'png',
    });
    expect(await readFile(a.files[0]!)).toEqual(await readFile(b.files[0]!));
    expect(await readFile(a.files[0]!)).not.toEqual(await readFile(c.files[0]!));
  });
});
