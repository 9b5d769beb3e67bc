import { loadSharp } from '../util/load-sharp';

/**
 * Decodes one image file (any format sharp reads: JPEG, PNG, WebP, GIF, TIFF, AVIF) into `size` x
 * `size` RGB bytes (HWC, row-major): EXIF orientation is not applied, the image is resized by
 * squishing (`fit: 'fill'`, no crop, aspect ratio not kept), alpha is dropped and greyscale is
 * expanded to three equal channels. Throws sharp's error for a corrupt or non-image file;
 * `failOn: 'truncated'` makes a truncated file an error rather than a half-grey image.
 */
export async function decodeImageRgb(path: string, size: number): Promise<Uint8Array> {
  const sharp = await loadSharp('decodeImageRgb');
  const { data, info } = await sharp(path, { failOn: 'truncated' })
    .resize(size, size, { fit: 'fill' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== size || info.height !== size) {
    throw new Error(`decoded to ${info.width}x${info.height}, expected ${size}x${size}`);
  }
  if (info.channels === 3) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (info.channels === 1) {
    const rgb = new Uint8Array(size * size * 3);
    for (let i = 0; i < size * size; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = data[i]!;
    return rgb;
  }
  throw new Error(`decoded to ${info.channels} channels, expected 3`);
}
