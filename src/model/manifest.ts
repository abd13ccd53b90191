import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULTS } from '../config/defaults.js';
import { ClipEvalError } from '../core/errors.js';
import { DEFAULT_PREPROCESS, type Interpolation, type PreprocessConfig, type ResizeMode } from '../core/preprocess-config.js';
import type { TextTokenizerSource } from '../text/load-text-tokenizer.js';
import { isTextTokenizerKind, TEXT_TOKENIZER_KINDS } from '../text/text-tokenizer.js';
import { emptyTokenizerConfig, parseTokenizerConfig, type TokenizerConfig } from '../text/tokenizer-config.js';
import type { TokenizerFiles } from '../text/tokenizer-files.js';
import type { ScoringHeadSource, TextTower, VisionTower } from './bundle.js';
import { familyCanonicalizes, parseFamily, type ModelFamily } from './family.js';
import { isRecord, readJsonObject } from './json-file.js';

export const MANIFEST_FILE = 'clip-eval.json';

/** The parts of a bundle a clip-eval.json manifest describes (paths resolved against the model folder). */
export interface ManifestModel {
  readonly vision: VisionTower;
  readonly text: TextTower;
  readonly preprocess: PreprocessConfig;
  readonly family: ModelFamily;
  readonly tokenizer: TextTokenizerSource;
  readonly contextLength: number;
  readonly padId: number | undefined;
  readonly canonicalize?: boolean;
  readonly head: ScoringHeadSource;
}

const INTERPOLATIONS: readonly Interpolation[] = ['bicubic', 'bilinear', 'nearest'];
const RESIZE_MODES: readonly ResizeMode[] = ['shortest', 'squash'];

class Fields {
  constructor(
    private readonly where: string,
    private readonly obj: Record<string, unknown>,
  ) {}

  private fail(key: string, expected: string): never {
    throw new ClipEvalError('MODEL', `${this.where}: field '${key}' must be ${expected}, found ${JSON.stringify(this.obj[key])}`);
  }

  string(key: string, fallback?: string): string {
    const v = this.obj[key] ?? fallback;
    return typeof v === 'string' && v.length > 0 ? v : this.fail(key, 'a non-empty string');
  }

  optionalString(key: string, fallback: string | undefined): string | undefined {
    const v = this.obj[key];
    if (v === null) return undefined;
    if (v === undefined) return fallback;
    return typeof v === 'string' ? v : this.fail(key, 'a string or null');
  }

  optionalNumber(key: string): number | undefined {
    const v = this.obj[key];
    if (v === undefined || v === null) return undefined;
    return typeof v === 'number' && Number.isFinite(v) ? v : this.fail(key, 'a finite number');
  }

  optionalBoolean(key: string): boolean | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    return typeof v === 'boolean' ? v : this.fail(key, 'true or false');
  }

  optionalInt(key: string): number | undefined {
    const v = this.obj[key];
    if (v === undefined) return undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(key, 'a non-negative integer');
  }

  int(key: string, fallback: number): number {
    const v = this.obj[key] ?? fallback;
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : this.fail(key, 'a non-negative integer');
  }

  oneOf<T extends string>(key: string, options: readonly T[], fallback: T): T {
    const v = this.obj[key] ?? fallback;
    return options.includes(v as T) ? (v as T) : this.fail(key, `one of ${options.join(', ')}`);
  }

  triple(key: string, fallback: readonly [number, number, number]): readonly [number, number, number] {
    const v = this.obj[key] ?? fallback;
    return Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number') ? (v as [number, number, number]) : this.fail(key, 'an array of 3 numbers');
  }

  section(key: string): Fields {
    const v = this.obj[key];
    return new Fields(`${this.where} ${key}`, isRecord(v) ? v : this.fail(key, 'an object'));
  }

  optionalSection(key: string): Fields {
    const v = this.obj[key];
    return new Fields(`${this.where} ${key}`, isRecord(v) ? v : {});
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }
}

function bpeFiles(t: Fields, dir: string, where: string): TokenizerFiles {
  if (t.has('tokenizer_json')) return { kind: 'tokenizer-json', path: join(dir, t.string('tokenizer_json')) };
  if (t.has('vocab')) return { kind: 'vocab-merges', vocab: join(dir, t.string('vocab')), merges: join(dir, t.string('merges')) };
  if (t.has('bpe')) return { kind: 'openai-bpe', path: join(dir, t.string('bpe')) };
  throw new ClipEvalError('MODEL', `${where}: 'tokenizer' needs one of tokenizer_json, vocab + merges, bpe, or spiece`);
}

/**
 * The manifest's tokenizer: `spiece` (SigLIP's SentencePiece), `tokenizer_json`, `vocab` + `merges` or `bpe`;
 * `kind` picks another reading of the files (a tokenizer_json is CLIP's BPE unless kind is tokenizer-json);
 * `config` names a tokenizer_config.json (special tokens, model_max_length); `canonicalize` (default: true for
 * the siglip2 family) cleans texts as open_clip does first.
 */
async function tokenizerFrom(t: Fields, dir: string, where: string): Promise<TextTokenizerSource> {
  const configFile = t.optionalString('config', undefined);
  let config: TokenizerConfig = emptyTokenizerConfig(join(dir, 'tokenizer_config.json'));
  if (configFile !== undefined) {
    const path = join(dir, configFile);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new ClipEvalError('MODEL', `${where}: tokenizer config ${path} cannot be read; expected a tokenizer_config.json`);
    });
    config = parseTokenizerConfig(text, path);
  }
  const kindName = t.optionalString('kind', t.has('spiece') ? 'siglip-spm' : 'clip-bpe')!;
  if (!isTextTokenizerKind(kindName)) t.oneOf('kind', Object.keys(TEXT_TOKENIZER_KINDS), 'clip-bpe');
  const kind = kindName as keyof typeof TEXT_TOKENIZER_KINDS;
  switch (kind) {
    case 'clip-bpe':
      return { kind, files: bpeFiles(t, dir, where), config };
    case 'siglip-spm':
      return { kind, model: join(dir, t.string('spiece')), config };
    case 'tokenizer-json':
      return { kind, path: join(dir, t.string('tokenizer_json')), config };
    default: {
      const unknown: never = kind;
      throw new ClipEvalError('MODEL', `${where}: unknown tokenizer kind ${String(unknown)}`);
    }
  }
}

/**
 * Reads clip-eval.json, the manifest for exports in no standard layout (open_clip and others). Example:
 * { "vision": {"file": "visual.onnx", "input": "image", "output": "image_features"},
 *   "text": {"file": "textual.onnx", "input": "text", "attention_mask": null, "output": "text_features"},
 *   "preprocess": {"size": 224, "resize_size": 224, "resize_mode": "shortest", "interpolation": "bicubic",
 *                  "mean": [...], "std": [...]},
 *   "tokenizer": {"bpe": "bpe_simple_vocab_16e6.txt.gz"}, "context_length": 77, "pad_id": 0,
 *   "family": "clip", "scoring": {"logit_scale": 100, "logit_bias": null} }
 * `family` (default clip) decides the scoring head's kind; `scoring.logit_scale` is the multiplier (exp of the
 * trained parameter), `logit_bias` SigLIP's bias. pad_id defaults to 0 for CLIP's BPE (as clip.tokenize pads), to
 * the tokenizer's pad token otherwise (an XLM-R text tower under a CLIP head pads with its <pad>).
 */
export async function readManifest(dir: string): Promise<ManifestModel> {
  const where = join(dir, MANIFEST_FILE);
  const root = new Fields(where, await readJsonObject(where));
  const v = root.section('vision');
  const t = root.section('text');
  const p = root.optionalSection('preprocess');
  const cropSize = p.int('size', DEFAULT_PREPROCESS.cropSize);
  const family = parseFamily(root.optionalString('family', 'clip')!, where);
  const scoring = root.optionalSection('scoring');
  const scale = scoring.optionalNumber('logit_scale');
  const bias = scoring.optionalNumber('logit_bias');
  const convertFirst = p.optionalString('convert', 'after-resize');
  const tokenizerFields = root.section('tokenizer');
  const tokenizer = await tokenizerFrom(tokenizerFields, dir, where);
  if (convertFirst !== 'after-resize' && convertFirst !== 'before-resize') p.oneOf('convert', ['after-resize', 'before-resize'], 'after-resize');
  return {
    family,
    vision: { file: join(dir, v.string('file')), input: v.string('input', 'pixel_values'), output: v.string('output', 'image_embeds') },
    text: {
      file: join(dir, t.string('file')),
      input: t.string('input', 'input_ids'),
      attentionMask: t.optionalString('attention_mask', undefined),
      output: t.string('output', 'text_embeds'),
    },
    preprocess: Object.freeze({
      cropSize,
      resizeSize: p.int('resize_size', cropSize),
      resizeMode: p.oneOf('resize_mode', RESIZE_MODES, 'shortest'),
      interpolation: p.oneOf('interpolation', INTERPOLATIONS, 'bicubic'),
      mean: p.triple('mean', DEFAULT_PREPROCESS.mean),
      std: p.triple('std', DEFAULT_PREPROCESS.std),
      exifRotate: false,
      ...(convertFirst === 'before-resize' ? { convertFirst: true } : {}),
    }),
    tokenizer,
    contextLength: root.int('context_length', DEFAULTS.contextLength),
    // clip.tokenize pads with 0; any other tokenizer (XLM-R's under a CLIP head too) with its own pad token.
    padId: root.optionalInt('pad_id') ?? (tokenizer.kind === 'clip-bpe' ? 0 : undefined),
    ...((tokenizerFields.optionalBoolean('canonicalize') ?? familyCanonicalizes(family)) ? { canonicalize: true } : {}),
    head: { ...(scale !== undefined ? { scale } : {}), ...(bias !== undefined ? { bias } : {}), ...(scale !== undefined ? { source: `${where} scoring` } : {}) },
  };
}
