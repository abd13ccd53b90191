import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ClipEvalError, errorMessage, oneLine } from '../core/errors.js';
import { BYTE_ALPHABET } from './byte-unicode.js';
import { END_OF_WORD, type Merge } from './bpe.js';

/** Where a BPE vocabulary comes from: one of the three formats CLIP tokenizers ship in. */
export type TokenizerFiles =
  | { kind: 'tokenizer-json'; path: string }
  | { kind: 'vocab-merges'; vocab: string; merges: string }
  | { kind: 'openai-bpe'; path: string };

/** A byte-level BPE vocabulary: token -> id, and the merge rules in rank order. */
export interface Vocabulary {
  readonly tokens: ReadonlyMap<string, number>;
  readonly merges: readonly Merge[];
}

export const START_TOKEN = '<|startoftext|>';
export const END_TOKEN = '<|endoftext|>';

/** OpenAI's vocabulary keeps this many merges of bpe_simple_vocab_16e6.txt.gz: 49408 ids - 256 bytes x 2 - 2 special tokens. */
export const OPENAI_MERGE_COUNT = 49152 - 256 - 2;

export async function readVocabulary(files: TokenizerFiles): Promise<Vocabulary> {
  switch (files.kind) {
    case 'tokenizer-json':
      return parseTokenizerJson(await readText(files.path), files.path);
    case 'vocab-merges':
      return parseVocabMerges(await readText(files.vocab), files.vocab, await readText(files.merges), files.merges);
    case 'openai-bpe':
      return parseOpenAiBpe(await readText(files.path), files.path);
    default: {
      const unknown: never = files;
      throw new ClipEvalError('TOKENIZER', `unknown tokenizer file kind ${JSON.stringify(unknown)}`);
    }
  }
}

/** A text file, gunzipped when it starts with the gzip magic bytes. */
async function readText(path: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `cannot read tokenizer file ${path}: ${errorMessage(error)}; check the model folder or the tokenizer path`);
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new ClipEvalError('TOKENIZER', `${path} looks gzipped but does not decompress: ${errorMessage(error)}; replace the file with a complete copy`);
    }
  }
  return bytes.toString('utf8');
}

/** Hugging Face `tokenizer.json`: `model.vocab` and `model.merges` ("a b" strings or [a, b] pairs). */
export function parseTokenizerJson(text: string, where: string): Vocabulary {
  const root = parseJson(text, where);
  const model = isRecord(root) ? root['model'] : undefined;
  if (!isRecord(root) || !isRecord(model) || !isRecord(model['vocab']) || !Array.isArray(model['merges'])) {
    throw new ClipEvalError('TOKENIZER', `${where} has no model.vocab object and model.merges array; expected a Hugging Face BPE tokenizer.json`);
  }
  if (model['type'] !== undefined && model['type'] !== 'BPE') {
    throw new ClipEvalError('TOKENIZER', `${where} holds a ${String(model['type'])} model; only BPE (CLIP) tokenizers are supported`);
  }
  const suffix = model['end_of_word_suffix'];
  if (suffix !== undefined && suffix !== null && suffix !== END_OF_WORD) {
    throw new ClipEvalError('TOKENIZER', `${where} marks word ends with ${JSON.stringify(suffix)}, CLIP's BPE with ${JSON.stringify(END_OF_WORD)}; this is not a CLIP tokenizer`);
  }
  const tokens = vocabEntries(model['vocab'], `${where} model.vocab`);
  // Special tokens may be listed only among the added tokens.
  const added = Array.isArray(root['added_tokens']) ? root['added_tokens'] : [];
  for (const token of added) {
    if (isRecord(token) && typeof token['content'] === 'string' && isTokenId(token['id']) && !tokens.has(token['content'])) {
      tokens.set(token['content'], token['id']);
    }
  }
  const merges = model['merges'].map((entry, i) => parseMerge(entry, `${where} model.merges[${i}]`));
  return checked({ tokens, merges }, where);
}

/** `vocab.json` (token -> id) and `merges.txt` (a `#version` header, then one "a b" per line). */
export function parseVocabMerges(vocabText: string, vocabWhere: string, mergesText: string, mergesWhere: string): Vocabulary {
  const tokens = vocabEntries(parseJson(vocabText, vocabWhere), vocabWhere);
  const merges: Merge[] = [];
  mergesText.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line === '' || line.startsWith('#version')) return;
    merges.push(parseMerge(line, `${mergesWhere} line ${i + 1}`));
  });
  return checked({ tokens, merges }, `${vocabWhere} + ${mergesWhere}`);
}

/**
 * OpenAI's `bpe_simple_vocab_16e6.txt.gz`: a header line, then merges, of which CLIP keeps the first
 * OPENAI_MERGE_COUNT. The vocabulary is derived: the 256 byte characters, the same with `</w>`, each
 * kept merge joined, then `<|startoftext|>` and `<|endoftext|>`.
 */
export function parseOpenAiBpe(text: string, where: string): Vocabulary {
  const merges: Merge[] = [];
  text.split('\n').slice(1, 1 + OPENAI_MERGE_COUNT).forEach((line, i) => {
    if (line.trim() !== '') merges.push(parseMerge(line.trim(), `${where} line ${i + 2}`));
  });
  const symbols = [...BYTE_ALPHABET, ...BYTE_ALPHABET.map((c) => c + END_OF_WORD), ...merges.map(([a, b]) => a + b), START_TOKEN, END_TOKEN];
  return checked({ tokens: new Map(symbols.map((symbol, id) => [symbol, id])), merges }, where);
}

function parseMerge(entry: unknown, where: string): Merge {
  const parts = typeof entry === 'string' ? entry.split(' ') : entry;
  if (!Array.isArray(parts) || parts.length !== 2 || !parts.every((p) => typeof p === 'string' && p !== '')) {
    throw new ClipEvalError('TOKENIZER', `${where}: merge ${JSON.stringify(entry)} is not two symbols ("a b" or ["a", "b"])`);
  }
  return [parts[0] as string, parts[1] as string];
}

function vocabEntries(value: unknown, where: string): Map<string, number> {
  if (!isRecord(value)) throw new ClipEvalError('TOKENIZER', `${where} is not a JSON object of token -> id`);
  const tokens = new Map<string, number>();
  for (const [token, id] of Object.entries(value)) {
    if (!isTokenId(id)) throw new ClipEvalError('TOKENIZER', `${where}: token ${JSON.stringify(token)} has id ${JSON.stringify(id)}, expected a non-negative integer`);
    tokens.set(token, id);
  }
  return tokens;
}

/** Every merge must join known symbols into a known symbol, or BPE could produce an unknown piece. */
function checked(vocabulary: Vocabulary, where: string): Vocabulary {
  vocabulary.merges.forEach(([a, b], rank) => {
    for (const symbol of [a, b, a + b]) {
      if (!vocabulary.tokens.has(symbol)) {
        throw new ClipEvalError('TOKENIZER', `${where}: merge ${rank + 1} ("${a} ${b}") uses ${JSON.stringify(symbol)}, which is not in the vocabulary; the vocabulary and merges files do not belong together`);
      }
    }
  });
  return vocabulary;
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `${where} is not valid JSON: ${oneLine(errorMessage(error))}`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isTokenId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0;
}
