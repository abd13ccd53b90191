import { ClipEvalError } from '../core/errors.js';

/**
 * An image in the Pillow mode the reference would open it in. The reference resizes and crops in this
 * mode and converts to RGB only afterwards, so the mode decides how pixels are resampled.
 *
 * - '1' and 'L': one 8-bit band ('1' holds 0 or 255).
 * - 'P': the palette is expanded by the decoder (1 to 4 bands, alpha last if any). Pillow resizes palette
 *   images with nearest-neighbour on the indices, which commutes with the palette lookup.
 * - 'LA', 'RGB', 'RGBA', 'CMYK': 2, 3, 4, 4 interleaved 8-bit bands.
 * - 'I': 32-bit integers (16-bit grayscale files), one band.
 */
export type PilImage =
  | {
      readonly mode: '1' | 'L' | 'LA' | 'P' | 'RGB' | 'RGBA' | 'CMYK';
      readonly width: number;
      readonly height: number;
      readonly channels: 1 | 2 | 3 | 4;
      readonly data: Uint8Array;
    }
  | { readonly mode: 'I'; readonly width: number; readonly height: number; readonly channels: 1; readonly data: Int32Array };

export type PilMode = PilImage['mode'];

/** A new image of the same mode and band count with different size and samples. */
export function withPixels<T extends PilImage>(like: T, width: number, height: number, data: T['data']): T {
  return { ...like, width, height, data };
}

/** Zero-filled samples of the same type as `like`'s, for `count` values. */
export function zeroSamples<T extends PilImage>(like: T, count: number): T['data'] {
  return (like.mode === 'I' ? new Int32Array(count) : new Uint8Array(count)) as T['data'];
}

/**
 * Pillow's `Image.crop`: the box may reach outside the image, where the result is zero in the image's own
 * mode (black, except CMYK where zero is white) — which is also what torchvision's CenterCrop padding gives.
 * Palette images pad with black here, where torchvision pads with palette entry 0 (expanded at decode).
 */
export function cropImage<T extends PilImage>(image: T, left: number, top: number, width: number, height: number): T {
  const c = image.channels;
  const out = zeroSamples(image, width * height * c);
  const x0 = Math.max(0, left);
  const x1 = Math.min(image.width, left + width);
  for (let y = Math.max(0, top); y < Math.min(image.height, top + height); y++) {
    if (x1 <= x0) break;
    const from = (y * image.width + x0) * c;
    out.set(image.data.subarray(from, from + (x1 - x0) * c), ((y - top) * width + (x0 - left)) * c);
  }
  return withPixels(image, width, height, out);
}

/** ImageOps.crop(image, border): the same number of pixels cut from every side, in the image's own mode. */
export function cutBorder<T extends PilImage>(image: T, border: number, name: string): T {
  if (border === 0) return image;
  if (!Number.isInteger(border) || border < 0) {
    throw new ClipEvalError('IMAGE', `${name}: borderCrop must be a non-negative integer, got ${border}`);
  }
  if (2 * border >= image.width || 2 * border >= image.height) {
    throw new ClipEvalError('IMAGE', `${name}: a border of ${border} pixels leaves nothing of a ${image.width}x${image.height} image; use a smaller borderCrop`);
  }
  return cropImage(image, border, border, image.width - 2 * border, image.height - 2 * border);
}
