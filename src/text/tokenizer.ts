import { ClipEvalError } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';
import { BytePairEncoder } from './bpe.js';
import { toByteChars } from './byte-unicode.js';
import { cleanText, PYTHON_WHITESPACE } from './clean.js';
import { END_TOKEN, readVocabulary, START_TOKEN, type TokenizerFiles, type Vocabulary } from './tokenizer-files.js';

export interface TokenizeOptions {
  /** Ids per row, start and end tokens included (77 for OpenAI's models). */
  contextLength: number;
  /** Cut over-long texts to start + (contextLength - 2) tokens + end; without it they are an error. */
  truncate: boolean;
  /** Id after the end token; default 0 like `clip.tokenize` (the text tower pools at the end token). */
  padId?: number;
}

// CLIP's split: the special tokens, English contractions, runs of letters, single digits, runs of
// anything else that is not whitespace. Case-insensitive like the reference (`'S`, `'ſ` count too).
const TOKEN_PATTERN = new RegExp(
  `<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|\\p{L}+|\\p{N}|[^${PYTHON_WHITESPACE}\\p{L}\\p{N}]+`,
  'giu',
);

// Pieces repeat across prompts (templates x class names), so their ids are cached; the cache is
// cleared when full so that tokenizing a large corpus cannot grow it without bound.
const CACHE_LIMIT = 100_000;

/** CLIP's tokenizer: ids identical to OpenAI's `clip.tokenize`, over any byte-level BPE vocabulary. */
export class ClipTokenizer {
  /** One more than the largest id: the rows the text tower's embedding table needs. */
  readonly vocabSize: number;
  readonly startId: number;
  readonly endId: number;
  private readonly tokens: ReadonlyMap<string, number>;
  private readonly bpe: BytePairEncoder;
  private readonly cache = new Map<string, readonly number[]>();

  constructor(vocabulary: Vocabulary, where = 'the vocabulary') {
    this.tokens = vocabulary.tokens;
    this.bpe = new BytePairEncoder(vocabulary.merges);
    this.startId = specialId(vocabulary, START_TOKEN, where);
    this.endId = specialId(vocabulary, END_TOKEN, where);
    let largest = -1;
    for (const id of vocabulary.tokens.values()) largest = Math.max(largest, id);
    this.vocabSize = largest + 1;
  }

  /** The content ids of a text after CLIP's cleaning, without start and end tokens. */
  encode(text: string): number[] {
    const ids: number[] = [];
    for (const piece of cleanText(text).match(TOKEN_PATTERN) ?? []) {
      for (const id of this.pieceIds(piece, text)) ids.push(id);
    }
    return ids;
  }

  /** [texts.length, contextLength] int64 ids: start, content, end, then padding. */
  tokenize(texts: readonly string[], options: TokenizeOptions): Tensor<BigInt64Array> {
    const { contextLength, truncate, padId = 0 } = options;
    if (!Number.isInteger(contextLength) || contextLength < 2) {
      throw new ClipEvalError('TOKENIZER', `contextLength must be an integer >= 2 (room for the start and end tokens), got ${contextLength}`);
    }
    if (!Number.isSafeInteger(padId) || padId < 0) {
      throw new ClipEvalError('TOKENIZER', `padId must be a non-negative integer, got ${padId}`);
    }
    const data = new BigInt64Array(texts.length * contextLength).fill(BigInt(padId));
    texts.forEach((text, row) => {
      let content = this.encode(text);
      if (content.length + 2 > contextLength) {
        if (!truncate) throw tooLong(text, row, content.length + 2, contextLength);
        content = content.slice(0, contextLength - 2);
      }
      const offset = row * contextLength;
      data[offset] = BigInt(this.startId);
      content.forEach((id, i) => (data[offset + 1 + i] = BigInt(id)));
      data[offset + 1 + content.length] = BigInt(this.endId);
    });
    return tensor(data, [texts.length, contextLength]);
  }

  private pieceIds(piece: string, text: string): readonly number[] {
    const cached = this.cache.get(piece);
    if (cached) return cached;
    const ids = piece === START_TOKEN ? [this.startId] : piece === END_TOKEN ? [this.endId] : this.bpeIds(piece, text);
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(piece, ids);
    return ids;
  }

  private bpeIds(piece: string, text: string): number[] {
    return this.bpe.split(toByteChars(piece)).map((symbol) => {
      const id = this.tokens.get(symbol);
      if (id === undefined) {
        throw new ClipEvalError('TOKENIZER', `the vocabulary has no symbol ${JSON.stringify(symbol)}, needed for ${JSON.stringify(piece)} in the text ${preview(text)}; a byte-level BPE vocabulary must hold all 256 byte symbols with and without </w>`);
      }
      return id;
    });
  }
}

export async function loadTokenizer(files: TokenizerFiles): Promise<ClipTokenizer> {
  return new ClipTokenizer(await readVocabulary(files), describe(files));
}

function specialId(vocabulary: Vocabulary, token: string, where: string): number {
  const id = vocabulary.tokens.get(token);
  if (id === undefined) {
    throw new ClipEvalError('TOKENIZER', `${where} has no ${token} token; CLIP tokenizers need ${START_TOKEN} and ${END_TOKEN} in the vocabulary`);
  }
  return id;
}

function tooLong(text: string, row: number, length: number, contextLength: number): ClipEvalError {
  return new ClipEvalError(
    'TOKENIZER',
    `text ${row + 1} ${preview(text)} is ${length} tokens long with the start and end tokens, over the context length ${contextLength}; shorten it or turn truncation on (--truncate)`,
  );
}

function preview(text: string): string {
  const chars = [...text];
  return JSON.stringify(chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : text);
}

function describe(files: TokenizerFiles): string {
  return files.kind === 'vocab-merges' ? files.vocab : files.path;
}
