/**
 * Which Pillow mode the reference's `Image.open` gives a file, and the samples in that mode. Pillow keeps
 * PNG transparency chunks (tRNS) of gray and RGB files as metadata, where libvips adds an alpha band, so the
 * PNG header's colour type is read here to tell the two apart.
 */
import type { DecodedImage } from './decode.js';
import type { PilImage } from './pil-image.js';
import { selectBands } from './raw-image.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The IHDR colour type of a PNG (0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA), else undefined. */
export function pngColourType(bytes: Uint8Array): number | undefined {
  if (bytes.length < 26 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) return undefined;
  return bytes[25];
}

/** 16-bit samples to 8-bit as Pillow's ';16B' unpackers do: the high byte. */
function highBytes(data: Uint16Array): Uint8Array {
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i]! >> 8;
  return out;
}

/** The decoded samples in their Pillow mode; `header` is the start of the encoded file. */
export function toPilImage(decoded: DecodedImage, header: Uint8Array): PilImage {
  const { width, height } = decoded;
  const pngType = pngColourType(header);
  // A tRNS chunk on a gray or RGB PNG: Pillow keeps the mode and ignores it in convert('RGB').
  const colourOnly = decoded.hasAlpha && (pngType === 0 || pngType === 2);
  const channels = colourOnly ? decoded.channels - 1 : decoded.channels;
  const samples = colourOnly ? selectBands(decoded.data, decoded.channels, [0, 1, 2].slice(0, channels)) : decoded.data;
  if (samples instanceof Uint16Array && decoded.colour === 'gray' && channels === 1) {
    // 16-bit grayscale opens as mode 'I' with its full values.
    return { mode: 'I', width, height, channels: 1, data: Int32Array.from(samples) };
  }
  const data = samples instanceof Uint16Array ? highBytes(samples) : samples;
  const c = channels as 1 | 2 | 3 | 4;
  if (decoded.isPalette) return { mode: 'P', width, height, channels: c, data };
  switch (decoded.colour) {
    case 'cmyk':
      return { mode: 'CMYK', width, height, channels: 4, data };
    case 'gray':
      if (c === 2) return { mode: 'LA', width, height, channels: 2, data };
      return { mode: decoded.bitsPerSample === 1 ? '1' : 'L', width, height, channels: 1, data };
    case 'rgb':
      return c === 4 ? { mode: 'RGBA', width, height, channels: 4, data } : { mode: 'RGB', width, height, channels: 3, data };
    default: {
      const never: never = decoded.colour;
      throw new Error(`unreachable colour ${String(never)}`);
    }
  }
}

/** Raw 8-bit pixels as `Image.fromarray` reads them: 1 band 'L', 3 'RGB', 4 'RGBA'. */
export function pixelsToPilImage(width: number, height: number, channels: 1 | 3 | 4, data: Uint8Array): PilImage {
  switch (channels) {
    case 1:
      return { mode: 'L', width, height, channels, data };
    case 3:
      return { mode: 'RGB', width, height, channels, data };
    case 4:
      return { mode: 'RGBA', width, height, channels, data };
    default: {
      const never: never = channels;
      throw new Error(`unreachable channel count ${String(never)}`);
    }
  }
}
