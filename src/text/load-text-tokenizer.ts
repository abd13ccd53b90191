import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { emptyTokenizerConfig, parseTokenizerConfig, type TokenizerConfig } from './tokenizer-config.js';
import type { TokenizerFiles } from './tokenizer-files.js';
import { isTextTokenizerKind, TEXT_TOKENIZER_KINDS, type TextTokenizer, type TextTokenizerHints, type TextTokenizerKind } from './text-tokenizer.js';
import { END_TOKEN, START_TOKEN } from './tokenizer-files.js';

/**
 * `tokenizer_class` of tokenizer_config.json -> the kind that runs it (a `...Fast` class is its slow twin).
 * SigLIP's class runs spiece.model where there is one (transformers has no fast SiglipTokenizer), else the
 * folder's tokenizer.json.
 */
export const TOKENIZER_CLASSES = {
  CLIPTokenizer: 'clip-bpe',
  SiglipTokenizer: 'siglip-spm',
  GemmaTokenizer: 'tokenizer-json',
  XLMRobertaTokenizer: 'tokenizer-json',
  BertTokenizer: 'tokenizer-json',
  T5Tokenizer: 'tokenizer-json',
  LlamaTokenizer: 'tokenizer-json',
  RobertaTokenizer: 'tokenizer-json',
  PreTrainedTokenizer: 'tokenizer-json',
} as const satisfies Record<string, TextTokenizerKind>;

export type TokenizerClass = keyof typeof TOKENIZER_CLASSES;

/** The files of a folder the kinds read, by their usual names. */
export const TOKENIZER_FILE_NAMES = {
  config: 'tokenizer_config.json',
  tokenizerJson: 'tokenizer.json',
  spiece: 'spiece.model',
  vocab: 'vocab.json',
  merges: 'merges.txt',
  openaiBpe: 'bpe_simple_vocab_16e6.txt.gz',
} as const;

/** What a folder's tokenizer is: its kind and the files it is read from. */
export type TextTokenizerSource =
  | { readonly kind: 'clip-bpe'; readonly files: TokenizerFiles; readonly config: TokenizerConfig }
  | { readonly kind: 'siglip-spm'; readonly model: string; readonly config: TokenizerConfig }
  | { readonly kind: 'tokenizer-json'; readonly path: string; readonly config: TokenizerConfig };

/**
 * Decides which tokenizer a model folder holds, by tokenizer_config.json's `tokenizer_class` and the files
 * present (`hints.kind` overrides). Without a class: spiece.model is SigLIP's; a tokenizer.json is CLIP's
 * BPE when it is one (BPE with `</w>` word ends and CLIP's start and end tokens), any other tokenizer.json
 * otherwise; vocab.json + merges.txt and OpenAI's merges file are CLIP's.
 */
export async function detectTextTokenizer(dir: string, hints: TextTokenizerHints = {}): Promise<TextTokenizerSource> {
  const path = (name: keyof typeof TOKENIZER_FILE_NAMES) => join(dir, TOKENIZER_FILE_NAMES[name]);
  const has = (name: keyof typeof TOKENIZER_FILE_NAMES) => existsSync(path(name));
  const config = has('config') ? parseTokenizerConfig(await readText(path('config')), path('config')) : emptyTokenizerConfig(path('config'));
  const cls = config.tokenizerClass?.replace(/Fast$/, '');
  let kind: TextTokenizerKind;
  if (hints.kind !== undefined) {
    if (!isTextTokenizerKind(hints.kind)) throw new ClipEvalError('TOKENIZER', `tokenizer kind ${JSON.stringify(hints.kind)} for ${dir} is unknown; expected one of ${Object.keys(TEXT_TOKENIZER_KINDS).join(', ')}`);
    kind = hints.kind;
  } else if (cls !== undefined) {
    if (!Object.hasOwn(TOKENIZER_CLASSES, cls)) {
      const known = Object.keys(TOKENIZER_CLASSES).join(', ');
      throw new ClipEvalError('TOKENIZER', `${config.path} names tokenizer_class ${JSON.stringify(config.tokenizerClass)}, which clip-eval does not run; expected one of ${known} (or their Fast variants)`);
    }
    kind = TOKENIZER_CLASSES[cls as TokenizerClass];
    if (kind === 'siglip-spm' && !has('spiece') && has('tokenizerJson')) kind = 'tokenizer-json';
  } else if (has('spiece')) {
    kind = 'siglip-spm';
  } else if (has('tokenizerJson')) {
    kind = isClipBpeJson(await readText(path('tokenizerJson'))) ? 'clip-bpe' : 'tokenizer-json';
  } else if ((has('vocab') && has('merges')) || has('openaiBpe')) {
    kind = 'clip-bpe';
  } else {
    throw new ClipEvalError('TOKENIZER', `${dir} holds no tokenizer file of a kind clip-eval knows; expected ${Object.values(TOKENIZER_FILE_NAMES).slice(1).join(', ')} (vocab.json with merges.txt)`);
  }
  const need = (name: keyof typeof TOKENIZER_FILE_NAMES, why: string): string => {
    if (!has(name)) throw new ClipEvalError('TOKENIZER', `${dir} has no ${TOKENIZER_FILE_NAMES[name]}; expected it for ${why}`);
    return path(name);
  };
  switch (kind) {
    case 'clip-bpe': {
      const files: TokenizerFiles = has('tokenizerJson')
        ? { kind: 'tokenizer-json', path: path('tokenizerJson') }
        : has('vocab') && has('merges')
          ? { kind: 'vocab-merges', vocab: path('vocab'), merges: path('merges') }
          : { kind: 'openai-bpe', path: need('openaiBpe', "CLIP's BPE (or tokenizer.json, or vocab.json + merges.txt)") };
      return { kind, files, config };
    }
    case 'siglip-spm':
      return { kind, model: need('spiece', TEXT_TOKENIZER_KINDS[kind]), config };
    case 'tokenizer-json':
      return { kind, path: need('tokenizerJson', `${config.tokenizerClass ?? 'a tokenizer.json tokenizer'}`), config };
    default: {
      const unknown: never = kind;
      throw new ClipEvalError('TOKENIZER', `unknown tokenizer kind ${String(unknown)}`);
    }
  }
}

/**
 * Opens a tokenizer from its source, with the context length, pad id and cleaning that hints and config give.
 * Each kind's module loads when a tokenizer of that kind is opened (SentencePiece and the tokenizers package
 * took about 70 ms of every command's start).
 */
export async function openTextTokenizer(source: TextTokenizerSource, hints: TextTokenizerHints = {}): Promise<TextTokenizer> {
  const canonicalize = hints.canonicalize ?? false;
  switch (source.kind) {
    case 'clip-bpe': {
      const { CLIP_CONTEXT_LENGTH, loadClipBpe } = await import('./clip-text-tokenizer.js');
      return loadClipBpe(source.files, { contextLength: hints.contextLength ?? source.config.modelMaxLength ?? CLIP_CONTEXT_LENGTH, padId: hints.padId ?? 0, canonicalize });
    }
    case 'siglip-spm': {
      const { loadSiglipTokenizer } = await import('./siglip-tokenizer.js');
      const model = await readBytes(source.model);
      return loadSiglipTokenizer(model, source.config, source.model, { contextLength: hints.contextLength, padId: hints.padId, canonicalize });
    }
    case 'tokenizer-json': {
      const { TokenizerJsonTokenizer } = await import('./tokenizer-json.js');
      return TokenizerJsonTokenizer.load(source.path, await readText(source.path), source.config, { contextLength: hints.contextLength, padId: hints.padId, canonicalize });
    }
    default: {
      const unknown: never = source;
      throw new ClipEvalError('TOKENIZER', `unknown tokenizer source ${JSON.stringify(unknown)}`);
    }
  }
}

/** The tokenizer of a model folder: detectTextTokenizer, then openTextTokenizer. */
export async function loadTextTokenizer(dir: string, hints: TextTokenizerHints = {}): Promise<TextTokenizer> {
  return openTextTokenizer(await detectTextTokenizer(dir, hints), hints);
}

/** A tokenizer.json that ClipTokenizer reads exactly: byte-level BPE with `</w>` and CLIP's two special tokens. */
function isClipBpeJson(text: string): boolean {
  try {
    const root = JSON.parse(text) as { model?: { type?: unknown; end_of_word_suffix?: unknown; vocab?: unknown }; added_tokens?: unknown };
    const model = root.model;
    if (model?.type !== 'BPE' || model.end_of_word_suffix !== '</w>' || typeof model.vocab !== 'object' || model.vocab === null) return false;
    const tokens = new Set(Object.keys(model.vocab));
    if (Array.isArray(root.added_tokens)) for (const t of root.added_tokens as { content?: unknown }[]) if (typeof t?.content === 'string') tokens.add(t.content);
    return tokens.has(START_TOKEN) && tokens.has(END_TOKEN);
  } catch {
    return false;
  }
}

async function readBytes(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `cannot read tokenizer file ${path}: ${errorMessage(error)}; check the model folder`);
  }
}

async function readText(path: string): Promise<string> {
  return new TextDecoder().decode(await readBytes(path));
}
