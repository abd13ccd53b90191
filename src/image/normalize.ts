/**
 * ToTensor + Normalize: HWC RGB bytes to CHW float32 `(v / 255 - mean) / std`, each step rounded to float32
 * as PyTorch computes it, so the result matches the reference bit for bit. One 256-entry table per channel.
 */
import { ClipEvalError } from '../core/errors.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { RawImage } from './raw-image.js';

export function normalizeTables(mean: PreprocessConfig['mean'], std: PreprocessConfig['std']): Float32Array[] {
  return [0, 1, 2].map((ch) => {
    const m = Math.fround(mean[ch]!);
    const s = Math.fround(std[ch]!);
    const table = new Float32Array(256);
    for (let v = 0; v < 256; v++) table[v] = Math.fround(Math.fround(v / 255) - m) / s;
    return table;
  });
}

/** CHW float32 from an RGB image, via tables from `normalizeTables`, into `out` when given. */
export function normalizeToChw(image: RawImage, tables: readonly Float32Array[], out: Float32Array = new Float32Array(3 * image.width * image.height)): Float32Array {
  if (image.channels !== 3) throw new ClipEvalError('IMAGE', `normalize: expected 3 channels (RGB), got ${image.channels}`);
  const plane = image.width * image.height;
  if (out.length !== 3 * plane) throw new ClipEvalError('INPUT', `normalize: the output holds ${out.length} values, a ${image.width}x${image.height} image needs ${3 * plane}`);
  for (let ch = 0; ch < 3; ch++) {
    const table = tables[ch]!;
    const base = ch * plane;
    for (let i = 0; i < plane; i++) out[base + i] = table[image.data[3 * i + ch]!]!;
  }
  return out;
}
