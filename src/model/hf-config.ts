import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { ClipEvalError } from '../core/errors.js';
import { DEFAULT_PREPROCESS, type Interpolation, type PreprocessConfig } from '../core/preprocess-config.js';
import { familyOfModelType, type ModelFamily } from './family.js';
import { isRecord, readJsonObject } from './json-file.js';

/** What config.json says about the model: its family, and the text tower's model_type when it names one. */
export interface HfModelConfig {
  readonly family: ModelFamily;
  /** config.json's model_type ('clip', 'siglip', 'xlm-roberta', ...), or undefined without a config.json. */
  readonly modelType: string | undefined;
  /** text_config.model_type when config.json has one. */
  readonly textModelType: string | undefined;
}

/** config.json -> family; a folder without one is CLIP's (the layout the harness started with). */
export async function readModelConfig(dir: string): Promise<HfModelConfig> {
  const path = join(dir, 'config.json');
  if (!existsSync(path)) return { family: 'clip', modelType: undefined, textModelType: undefined };
  const cfg = await readJsonObject(path);
  if (typeof cfg.model_type !== 'string') throw new ClipEvalError('MODEL', `${path}: expected a string model_type (clip, siglip, siglip2, chinese_clip, ...), found ${JSON.stringify(cfg.model_type)}`);
  const text = isRecord(cfg.text_config) && typeof cfg.text_config.model_type === 'string' ? cfg.text_config.model_type : undefined;
  return { family: familyOfModelType(cfg.model_type, path), modelType: cfg.model_type, textModelType: text };
}

/**
 * Image processors that convert to RGB before resizing (transformers' `convert_rgb` first in `preprocess`).
 * CLIPImageProcessor does too in transformers, but CLIP's reference here is OpenAI's transform (resize in the
 * file's mode first), which the CLIP path keeps.
 */
const CONVERT_FIRST_PROCESSORS = new Set(['SiglipImageProcessor', 'SiglipImageProcessorFast', 'ChineseCLIPImageProcessor', 'ChineseCLIPImageProcessorFast']);

/** SigLIP 2's NaFlex processor: variable-resolution patches with a pixel mask, not a [N, 3, S, S] tensor. */
const NAFLEX_PROCESSORS = new Set(['Siglip2ImageProcessor', 'Siglip2ImageProcessorFast']);

/** Pillow's resample codes as stored in HF preprocessor configs. */
const PIL_RESAMPLE: Record<number, Interpolation> = { 0: 'nearest', 2: 'bilinear', 3: 'bicubic' };

function side(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (isRecord(value)) {
    for (const key of ['shortest_edge', 'height', 'width']) if (typeof value[key] === 'number') return value[key];
  }
  return undefined;
}

function triple(value: unknown, fallback: readonly [number, number, number], where: string): readonly [number, number, number] {
  if (value === undefined) return fallback;
  if (Array.isArray(value) && value.length === 3 && value.every((v) => typeof v === 'number')) return value as [number, number, number];
  throw new ClipEvalError('MODEL', `${where}: expected 3 numbers, found ${JSON.stringify(value)}`);
}

/** preprocessor_config.json -> PreprocessConfig (CLIPImageProcessor fields); defaults are OpenAI's. */
export async function readPreprocessorConfig(dir: string): Promise<PreprocessConfig> {
  const path = join(dir, 'preprocessor_config.json');
  if (!existsSync(path)) return DEFAULT_PREPROCESS;
  const cfg = await readJsonObject(path);
  if ((typeof cfg.image_processor_type === 'string' && NAFLEX_PROCESSORS.has(cfg.image_processor_type)) || cfg.max_num_patches !== undefined) {
    throw new ClipEvalError('MODEL', `${path}: ${String(cfg.image_processor_type ?? 'this processor')} is SigLIP 2's NaFlex (variable-resolution patches), which clip-eval does not run; expected a fixed-resolution export (SiglipImageProcessor with size {height, width})`);
  }
  const size = cfg.size;
  const squash = isRecord(size) && typeof size.height === 'number' && typeof size.width === 'number' && size.shortest_edge === undefined;
  const resizeSize = side(size) ?? DEFAULT_PREPROCESS.resizeSize;
  const cropSize = cfg.do_center_crop === false ? resizeSize : (side(cfg.crop_size) ?? resizeSize);
  const resample = typeof cfg.resample === 'number' ? PIL_RESAMPLE[cfg.resample] : DEFAULT_PREPROCESS.interpolation;
  if (resample === undefined) {
    throw new ClipEvalError('MODEL', `${path}: resample ${String(cfg.resample)} is not supported (0 nearest, 2 bilinear, 3 bicubic)`);
  }
  return Object.freeze({
    cropSize,
    resizeSize,
    resizeMode: squash ? 'squash' : 'shortest',
    interpolation: resample,
    mean: triple(cfg.image_mean, DEFAULT_PREPROCESS.mean, `${path} image_mean`),
    std: triple(cfg.image_std, DEFAULT_PREPROCESS.std, `${path} image_std`),
    exifRotate: false,
    // do_convert_rgb unset: converted anyway, as every caller of SiglipImageProcessor must (it fails on RGBA).
    ...(typeof cfg.image_processor_type === 'string' && CONVERT_FIRST_PROCESSORS.has(cfg.image_processor_type) && cfg.do_convert_rgb !== false ? { convertFirst: true } : {}),
  });
}

/** Context length: tokenizer_config.model_max_length when sensible, else config.json's text_config, else `fallback` (77). */
export async function readContextLength(dir: string, fallback: number = DEFAULTS.contextLength): Promise<number> {
  for (const [file, pick] of [
    ['tokenizer_config.json', (c: Record<string, unknown>) => c.model_max_length],
    ['config.json', (c: Record<string, unknown>) => (isRecord(c.text_config) ? c.text_config.max_position_embeddings : undefined)],
  ] as const) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const value = pick(await readJsonObject(path));
    // Some tokenizer configs store a sentinel of 1e30 for "no limit".
    if (typeof value === 'number' && Number.isInteger(value) && value > 2 && value <= 4096) return value;
  }
  return fallback;
}
