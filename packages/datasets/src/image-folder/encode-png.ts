import { loadSharp } from '../util/load-sharp';

/**
 * Encodes raw 8-bit pixels (HWC, row-major, 1 or 3 channels) as a PNG file's bytes, with sharp
 * loaded on first use (an optional peer dependency: `npm i sharp`). Used for the prediction grids
 * of reports, so that programs that never draw one never load sharp.
 */
export async function encodePng(
  pixels: Uint8Array,
  width: number,
  height: number,
  channels: 1 | 3,
): Promise<Uint8Array> {
  if (pixels.length !== width * height * channels) {
    throw new RangeError(
      `encodePng: ${pixels.length} bytes do not make a ${width}x${height} image with ${channels} channels (${width * height * channels} expected)`,
    );
  }
  const sharp = await loadSharp('encodePng');
  const png = await sharp(pixels, { raw: { width, height, channels } }).png().toBuffer();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
