/** The I/O edge of preprocessing: an ImageSource to an image in its Pillow mode. */
import { readFile, stat } from 'node:fs/promises';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import type { ImageSource } from '../core/sample.js';
import { DEFAULTS } from '../config/defaults.js';
import { decodeImage, readImageHeader, type ImageHeader } from './decode.js';
import { PixelBudget } from './pixel-budget.js';
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

function unreadable(path: string, error: unknown): ClipEvalError {
  return new ClipEvalError('IMAGE', `${path}: cannot read image file (${errorMessage(error)}); check the path and its permissions`, { cause: error });
}

async function readSource(path: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    throw unreadable(path, error);
  }
}

/**
 * A file's header is read from the file itself, before the file is read whole: a bomb on disk or gigabytes
 * of junk under an image name fail without being loaded. Empty and unreadable files say so.
 */
async function fileHeader(path: string, maxPixels: number): Promise<ImageHeader> {
  const info = await stat(path).catch((error: unknown) => {
    throw unreadable(path, error);
  });
  if (!info.isFile()) throw new ClipEvalError('IMAGE', `${path}: not a regular file (a FIFO, socket, device or folder); not read`);
  if (info.size === 0) throw new ClipEvalError('IMAGE', `${path}: empty file (0 bytes); re-download or remove it`);
  return readImageHeader(path, path, maxPixels);
}

export interface LoadOptions {
  readonly exifRotate: boolean;
  /** Largest width x height decoded (DEFAULTS.maxPixels when absent). */
  readonly maxPixels?: number;
}

/** One budget per limit in this thread (a worker, or the main thread with an in-process pool). */
const budgets = new Map<number, PixelBudget>();

function budgetFor(maxPixels: number): PixelBudget {
  let budget = budgets.get(maxPixels);
  if (budget === undefined) budgets.set(maxPixels, (budget = new PixelBudget(maxPixels)));
  return budget;
}

function pixelLimitError(name: string, width: number, height: number, maxPixels: number): ClipEvalError {
  return new ClipEvalError('IMAGE', `${name}: ${width}x${height} raw image is over the pixel limit of ${maxPixels.toLocaleString('en-US')} (--max-pixels); not preprocessed`);
}

/**
 * Loads `source` in the mode the reference's `Image.open` (or `Image.fromarray`) gives it and runs `use` on
 * it. An encoded image's header is read first: one over `maxPixels` fails before decoding; one under waits
 * for room in this thread's pixel budget, which it holds until `use` is done with the pixels, so a thread
 * never holds more than `maxPixels` decoded pixels however many requests it serves at once.
 */
export async function withPilImage<T>(source: ImageSource, options: LoadOptions, use: (image: PilImage) => T | Promise<T>): Promise<T> {
  const name = sourceName(source);
  const maxPixels = options.maxPixels ?? DEFAULTS.maxPixels;
  switch (source.kind) {
    case 'file':
    case 'encoded': {
      const header = source.kind === 'file' ? await fileHeader(source.path, maxPixels) : await readImageHeader(source.bytes, name, maxPixels);
      const bytes = source.kind === 'file' ? await readSource(source.path) : source.bytes;
      return budgetFor(maxPixels).with(header.pixels, async () => use(toPilImage(await decodeImage(bytes, name, { autoOrient: options.exifRotate, header }), bytes)));
    }
    case 'pixels': {
      const { width, height, channels, data } = source;
      const valid = Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0 && [1, 3, 4].includes(channels);
      if (!valid || data.length !== width * height * channels) {
        throw new ClipEvalError('IMAGE', `${name}: needs ${width * height * channels} bytes (width x height x channels, 1, 3 or 4 channels), got ${data.length}; check the dataset reader`);
      }
      if (width * height > maxPixels) throw pixelLimitError(name, width, height, maxPixels);
      return use(pixelsToPilImage(width, height, channels, data));
    }
    default: {
      const never: never = source;
      throw new Error(`unreachable source ${JSON.stringify(never)}`);
    }
  }
}

/** Load `source` in the mode the reference's `Image.open` (or `Image.fromarray`) gives it. */
export async function loadPilImage(source: ImageSource, options: LoadOptions): Promise<PilImage> {
  return withPilImage(source, options, (image) => image);
}
