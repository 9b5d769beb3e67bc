/** Turning NHWC float images in [0, 1] into small PNG data URLs (for prediction grids). */
import type { HostTensor } from '@bench/core';
// sharp is an optional peer dependency, loaded on first use (never at start-up, where a sharp
// that cannot load would break every command), with datasets' "npm i sharp" error when absent.
import { encodePng, importOptional } from '@bench/datasets';

const loadSharp = () =>
  importOptional('sharp', 'renderPredictionGrid', async () => {
    const m = (await import('sharp')) as { default?: typeof import('sharp') } & typeof import('sharp');
    return m.default ?? m;
  });

export async function imagesToPngDataUrls(x: HostTensor<'float32'>): Promise<string[]> {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = new Uint8Array(h * w * c);
    const src = x.data.subarray(i * h * w * c, (i + 1) * h * w * c);
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.max(0, Math.min(255, Math.round(src[j]! * 255)));
    const png = await encodePng(bytes, w, h, c as 1 | 3);
    out.push(
      `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString('base64')}`,
    );
  }
  return out;
}

/** One tile of a prediction grid. */
export interface GridItem {
  image?: string;
  label: number;
  predicted: number;
}

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * Renders a rows x cols grid of test images (PNG data URLs) titled with the true and predicted
 * class, green when right and red when wrong, as E4's figure shows; writes a PNG file.
 */
export async function renderPredictionGrid(
  items: readonly GridItem[],
  classNames: readonly string[],
  path: string,
  rows = 4,
  cols = 6,
): Promise<void> {
  const tile = 128;
  const title = 34;
  const width = cols * tile;
  const height = rows * (tile + title);
  const sharp = await loadSharp();
  const composites: import('sharp').OverlayOptions[] = [];
  const texts: string[] = [];
  for (const [i, item] of items.slice(0, rows * cols).entries()) {
    const left = (i % cols) * tile;
    const top = Math.floor(i / cols) * (tile + title);
    if (item.image) {
      const png = Buffer.from(item.image.replace(/^data:image\/png;base64,/, ''), 'base64');
      composites.push({
        input: await sharp(png)
          .resize(tile - 8, tile - 8, { kernel: 'nearest' })
          .png()
          .toBuffer(),
        left: left + 4,
        top: top + title,
      });
    }
    const ok = item.label === item.predicted;
    const name = (k: number) => escapeXml(classNames[k] ?? String(k));
    texts.push(
      `<text x="${left + tile / 2}" y="${top + 14}" font-size="12" text-anchor="middle" font-family="sans-serif">true: ${name(item.label)}</text>`,
      `<text x="${left + tile / 2}" y="${top + 29}" font-size="12" text-anchor="middle" font-family="sans-serif" fill="${ok ? '#1a7f37' : '#cf222e'}">pred: ${name(item.predicted)}</text>`,
    );
  }
  const svg = Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${texts.join('')}</svg>`,
  );
  await sharp({ create: { width, height, channels: 3, background: '#ffffff' } })
    .composite([{ input: svg, left: 0, top: 0 }, ...composites])
    .png()
    .toFile(path);
}
