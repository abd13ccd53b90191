/**
 * What a preprocessing request may carry, and the checks of its settings. Apart from preprocess.ts so that
 * the pool can check them without loading the decoder (sharp, about 100 ms at start-up) in a thread that only
 * hands requests to its workers.
 */
import { ClipEvalError } from '../core/errors.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';

export interface PreprocessOptions {
  /** Pixels cut from every border before the transform (Sample.borderCrop). */
  readonly borderCrop?: number;
  /** Largest width x height decoded (--max-pixels; DEFAULTS.maxPixels when absent). */
  readonly maxPixels?: number;
}

/** Rejects a pixel limit that is not a positive integer, naming the flag. */
export function validateMaxPixels(maxPixels: number): void {
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1) {
    throw new ClipEvalError('USAGE', `--max-pixels must be a positive integer (width x height of the largest image decoded), got ${maxPixels}`);
  }
}

/** Rejects configs the transform cannot run with, naming the field. */
export function validatePreprocessConfig(config: PreprocessConfig): void {
  for (const key of ['cropSize', 'resizeSize'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) {
      throw new ClipEvalError('CONFIG', `preprocess: ${key} must be a positive integer, got ${config[key]}; fix the model's preprocessing config`);
    }
  }
  if (config.std.some((s) => !(s > 0))) {
    throw new ClipEvalError('CONFIG', `preprocess: std must be positive, got [${config.std.join(', ')}]; fix the model's preprocessing config`);
  }
}

