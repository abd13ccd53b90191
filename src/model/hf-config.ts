import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { ClipEvalError } from '../core/errors.js';
import { DEFAULT_PREPROCESS, type Interpolation, type PreprocessConfig } from '../core/preprocess-config.js';
import type { TokenizerFiles } from '../text/tokenizer-files.js';
import { isRecord, readJsonObject } from './json-file.js';

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
  });
}

/** Context length: tokenizer_config.model_max_length when sensible, else config.json's text_config, else 77. */
export async function readContextLength(dir: string): Promise<number> {
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
  return DEFAULTS.contextLength;
}

/** The tokenizer files of a folder, in order of preference. */
export function findTokenizerFiles(dir: string): TokenizerFiles | undefined {
  if (existsSync(join(dir, 'tokenizer.json'))) return { kind: 'tokenizer-json', path: join(dir, 'tokenizer.json') };
  if (existsSync(join(dir, 'vocab.json')) && existsSync(join(dir, 'merges.txt'))) {
    return { kind: 'vocab-merges', vocab: join(dir, 'vocab.json'), merges: join(dir, 'merges.txt') };
  }
  if (existsSync(join(dir, 'bpe_simple_vocab_16e6.txt.gz'))) return { kind: 'openai-bpe', path: join(dir, 'bpe_simple_vocab_16e6.txt.gz') };
  return undefined;
}
