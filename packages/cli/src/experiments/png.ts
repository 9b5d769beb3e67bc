/** Turning NHWC float images in [0, 1] into small PNG data URLs (for prediction grids). */
import type { HostTensor } from '@bench/core';
import sharp from 'sharp';

export async function imagesToPngDataUrls(x: HostTensor<'float32'>): Promise<string[]> {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const bytes = Buffer.alloc(h * w * c);
    const src = x.data.subarray(i * h * w * c, (i + 1) * h * w * c);
    for (let j = 0; j < bytes.length; j++) bytes[j] = Math.max(0, Math.min(255, Math.round(src[j]! * 255)));
    const png = await sharp(bytes, { raw: { width: w, height: h, channels: c as 1 | 3 } }).png().toBuffer();
    out.push(`data:image/png;base64,${png.toString('base64')}`);
  }
  return out;
}
