import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Rng } from '@bench/core';
import { DatasetError } from '../errors/dataset-error';
import { loadSharp } from '../util/load-sharp';
import type { ShapesImageFolder, ShapesImageFolderOptions } from './image-folder';

const LOADER = 'generateShapesImageFolder';

/**
 * Writes a synthetic image-folder data set that a small CNN can learn, for E1 without `--data`
 * and for tests: `dir/<class>/<class>-NNN.png|jpg`. Class 0 ("bird") is a blue sky gradient with
 * a bright, soft blob at a random place; class 1 ("forest") is vertical green stripes of random
 * width and phase; classes 2 and 3 are horizontal red stripes and a purple checkerboard (class k
 * reuses pattern k mod 4 with a shifted tint). Every image gets per-pixel noise, and every choice
 * comes from `seed`, so the same options write the same pixels (JPEG bytes depend on libjpeg).
 */
export async function generateShapesImageFolder(
  dir: string,
  options: ShapesImageFolderOptions = {},
): Promise<ShapesImageFolder> {
  const classes = options.classes ?? ['bird', 'forest'];
  const perClass = options.perClass ?? 20;
  const size = options.size ?? 64;
  const seed = options.seed ?? 42;
  const format = options.format ?? 'mixed';
  if (
    classes.length < 1 ||
    new Set(classes).size !== classes.length ||
    classes.some((c) => !/^[\w.-]+$/.test(c) || c.startsWith('.'))
  ) {
    throw new DatasetError(
      LOADER,
      `option classes must be distinct folder names of letters, digits, "_", "-", ".", got ${JSON.stringify(classes)}`,
      {
        parameter: 'classes',
      },
    );
  }
  if (!Number.isInteger(perClass) || perClass < 1) {
    throw new DatasetError(LOADER, `option perClass must be a positive integer, got ${perClass}`, {
      parameter: 'perClass',
    });
  }
  if (!Number.isInteger(size) || size < 8) {
    throw new DatasetError(LOADER, `option size must be an integer >= 8, got ${size}`, { parameter: 'size' });
  }
  const root = resolve(dir);
  const rng = new Rng(seed);
  const sharp = await loadSharp(LOADER);
  const files: string[] = [];
  for (const [k, name] of classes.entries()) {
    await mkdir(join(root, name), { recursive: true });
    for (let i = 0; i < perClass; i++) {
      const pixels = drawPattern(k, size, rng);
      const jpeg = format === 'jpeg' || (format === 'mixed' && i % 2 === 1);
      const file = join(root, name, `${name}-${String(i).padStart(3, '0')}.${jpeg ? 'jpg' : 'png'}`);
      const img = sharp(Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength), {
        raw: { width: size, height: size, channels: 3 },
      });
      await (jpeg ? img.jpeg({ quality: 90 }) : img.png()).toFile(file);
      files.push(file);
    }
  }
  return { dir: root, classes: [...classes], files };
}

/** RGB bytes (HWC) of one image of pattern `k mod 4`. */
function drawPattern(k: number, size: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(size * size * 3);
  const tint = Math.floor(k / 4) * 40;
  const pattern = k % 4;
  const cx = rng.uniform(0.25, 0.75) * size;
  const cy = rng.uniform(0.25, 0.75) * size;
  const radius = rng.uniform(0.1, 0.2) * size;
  const period = rng.uniform(0.12, 0.25) * size;
  const phase = rng.uniform(0, period);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r: number;
      let g: number;
      let b: number;
      if (pattern === 0) {
        const sky = y / size;
        r = 90 + 60 * sky;
        g = 150 + 50 * sky;
        b = 230;
        const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / radius ** 2;
        const blob = Math.exp(-d2 * 2);
        r = r * (1 - blob) + 250 * blob;
        g = g * (1 - blob) + 240 * blob;
        b = b * (1 - blob) + 120 * blob;
      } else if (pattern === 1) {
        const on = Math.floor((x + phase) / (period / 2)) % 2 === 0;
        r = on ? 30 : 70;
        g = on ? 110 : 60;
        b = on ? 35 : 30;
      } else if (pattern === 2) {
        const on = Math.floor((y + phase) / (period / 2)) % 2 === 0;
        r = on ? 200 : 90;
        g = 40;
        b = 40;
      } else {
        const on = (Math.floor((x + phase) / period) + Math.floor((y + phase) / period)) % 2 === 0;
        r = on ? 150 : 40;
        g = 30;
        b = on ? 160 : 60;
      }
      const o = (y * size + x) * 3;
      out[o] = clampByte(r + tint + rng.uniform(-20, 20));
      out[o + 1] = clampByte(g + rng.uniform(-20, 20));
      out[o + 2] = clampByte(b - tint + rng.uniform(-20, 20));
    }
  }
  return out;
}

function clampByte(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : Math.round(v);
}
