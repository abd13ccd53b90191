/**
 * Pillow's mode conversions that the reference applies (libImaging/Convert.c semantics, checked against
 * Pillow 9.4 on every 8-bit value pair): alpha premultiplication around a resize, and convert('RGB').
 */
import { rawImage, type RawImage } from './raw-image.js';
import { withPixels, type PilImage } from './pil-image.js';

/** Pillow's rounded a*b/255 in integers. */
function mulDiv255(a: number, b: number): number {
  const t = a * b + 128;
  return ((t >> 8) + t) >> 8;
}

/** 'RGBA' -> 'RGBa' and 'LA' -> 'La': colour bands multiplied by alpha (the last band). */
export function premultiply<T extends PilImage>(image: T): T {
  const c = image.channels;
  const src = image.data;
  const out = new Uint8Array(src.length);
  for (let p = 0; p < src.length; p += c) {
    const alpha = src[p + c - 1]!;
    for (let ch = 0; ch < c - 1; ch++) out[p + ch] = mulDiv255(src[p + ch]!, alpha);
    out[p + c - 1] = alpha;
  }
  return withPixels(image, image.width, image.height, out as T['data']);
}

/** 'RGBa' -> 'RGBA' and 'La' -> 'LA': divided back, truncating; alpha 0 and 255 leave the colour as is. */
export function unpremultiply<T extends PilImage>(image: T): T {
  const c = image.channels;
  const src = image.data;
  const out = new Uint8Array(src.length);
  for (let p = 0; p < src.length; p += c) {
    const alpha = src[p + c - 1]!;
    for (let ch = 0; ch < c - 1; ch++) {
      const v = src[p + ch]!;
      out[p + ch] = alpha === 0 || alpha === 255 ? v : Math.min(255, Math.trunc((255 * v) / alpha));
    }
    out[p + c - 1] = alpha;
  }
  return withPixels(image, image.width, image.height, out as T['data']);
}

/** convert('RGB'): alpha dropped, gray replicated, 'I' clipped to 0..255, CMYK by Pillow's formula (no ICC). */
export function toRgb(image: PilImage): RawImage {
  const n = image.width * image.height;
  const out = new Uint8Array(n * 3);
  switch (image.mode) {
    case 'I':
      for (let i = 0; i < n; i++) {
        const v = image.data[i]!;
        out[3 * i] = out[3 * i + 1] = out[3 * i + 2] = v <= 0 ? 0 : v >= 255 ? 255 : v;
      }
      break;
    case 'CMYK':
      for (let i = 0; i < n; i++) {
        const inverseK = 255 - image.data[4 * i + 3]!;
        for (let ch = 0; ch < 3; ch++) out[3 * i + ch] = inverseK - mulDiv255(image.data[4 * i + ch]!, inverseK);
      }
      break;
    case '1':
    case 'L':
    case 'LA':
    case 'P':
    case 'RGB':
    case 'RGBA': {
      // Palette images carry their expanded colours: 1-2 bands are gray (+ alpha), 3-4 are RGB (+ alpha).
      const c = image.channels;
      const gray = c < 3;
      for (let i = 0; i < n; i++) {
        const p = i * c;
        out[3 * i] = image.data[p]!;
        out[3 * i + 1] = image.data[gray ? p : p + 1]!;
        out[3 * i + 2] = image.data[gray ? p : p + 2]!;
      }
      break;
    }
    default: {
      const never: never = image;
      throw new Error(`unreachable mode ${String((never as PilImage).mode)}`);
    }
  }
  return rawImage(out, image.width, image.height, 3);
}
