/**
 * The reference image transform end to end: decode, Resize + CenterCrop in the file's own Pillow mode,
 * convert('RGB'), ToTensor, Normalize — with mean, std, sizes and interpolation from the model's config.
 */
import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { ImageSource } from '../core/sample.js';
import { sourceName, withPilImage } from './load.js';
import { normalizeTables, normalizeToChw } from './normalize.js';
import type { RawImage } from './raw-image.js';
import { validatePreprocessConfig, type PreprocessOptions } from './preprocess-options.js';
import { referenceTransform } from './transform.js';

/** RGB uint8 after resize and crop, before normalisation (what parity checks compare). */
export async function preprocessToUint8(source: ImageSource, config: PreprocessConfig, options: PreprocessOptions = {}): Promise<RawImage> {
  validatePreprocessConfig(config);
  const load = { exifRotate: config.exifRotate, ...(options.maxPixels === undefined ? {} : { maxPixels: options.maxPixels }) };
  return withPilImage(source, load, (image) => referenceTransform(image, config, options.borderCrop ?? 0, sourceName(source)));
}

/** CHW float32, 3 x cropSize x cropSize, normalised: what the image tower sees. */
export async function preprocessImage(source: ImageSource, config: PreprocessConfig, options: PreprocessOptions = {}): Promise<Float32Array> {
  const out = new Float32Array(3 * config.cropSize * config.cropSize);
  await preprocessImageInto(source, config, out, options);
  return out;
}

/** `preprocessImage` written into `out` (e.g. a slot of a batch tensor). */
export async function preprocessImageInto(source: ImageSource, config: PreprocessConfig, out: Float32Array, options: PreprocessOptions = {}): Promise<void> {
  const rgb = await preprocessToUint8(source, config, options);
  normalizeToChw(rgb, normalizeTables(config.mean, config.std), out);
}
