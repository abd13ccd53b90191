/** The I/O edge of preprocessing: an ImageSource to an image in its Pillow mode. */
import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import type { ImageSource } from '../core/sample.js';
import { decodeImage } from './decode.js';
import type { PilImage } from './pil-image.js';
import { pixelsToPilImage, toPilImage } from './pil-mode.js';

/** How messages name a source: its path, its name, or its shape for raw pixels. */
export function sourceName(source: ImageSource): string {
  switch (source.kind) {
    case 'file':
      return source.path;
    case 'encoded':
      return source.name;
    case 'pixels':
      return `raw pixels ${source.width}x${source.height}x${source.channels}`;
    default: {
      const never: never = source;
      throw new Error(`unreachable source ${JSON.stringify(never)}`);
    }
  }
}

async function readSource(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new ClipEvalError('IMAGE', `${path}: cannot read image file (${errorMessage(error)}); check the path and its permissions`, { cause: error });
  }
}

/** Load `source` in the mode the reference's `Image.open` (or `Image.fromarray`) gives it. */
export async function loadPilImage(source: ImageSource, options: { exifRotate: boolean }): Promise<PilImage> {
  const name = sourceName(source);
  switch (source.kind) {
    case 'file':
    case 'encoded': {
      const bytes = source.kind === 'file' ? await readSource(source.path) : source.bytes;
      return toPilImage(await decodeImage(bytes, name, { autoOrient: options.exifRotate }), bytes);
    }
    case 'pixels': {
      const { width, height, channels, data } = source;
      const valid = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && [1, 3, 4].includes(channels);
      if (!valid || data.length !== width * height * channels) {
        throw new ClipEvalError('IMAGE', `${name}: needs ${width * height * channels} bytes (width x height x channels, 1, 3 or 4 channels), got ${data.length}; check the dataset reader`);
      }
      return pixelsToPilImage(width, height, channels, data);
    }
    default: {
      const never: never = source;
      throw new Error(`unreachable source ${JSON.stringify(never)}`);
    }
  }
}
