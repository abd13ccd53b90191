import { ClipEvalError } from '../core/errors.js';
import { tensor, type Tensor } from '../core/tensor.js';

/**
 * The text tokenizers clip-eval runs, each exact against its reference:
 * - `clip-bpe`: CLIP's byte-level BPE, as OpenAI's `clip.tokenize` (ClipTokenizer, unchanged);
 * - `siglip-spm`: a SentencePiece `spiece.model` as transformers' slow `SiglipTokenizer` uses it;
 * - `tokenizer-json`: any Hugging Face `tokenizer.json` (BPE, Unigram, WordPiece, WordLevel with the normalizers,
 *   pre-tokenizers and post-processor the file names), as transformers' fast tokenizers call it.
 */
export const TEXT_TOKENIZER_KINDS = {
  'clip-bpe': "CLIP's byte-level BPE (OpenAI clip.tokenize)",
  'siglip-spm': "a SentencePiece spiece.model as transformers' SiglipTokenizer uses it",
  'tokenizer-json': "a Hugging Face tokenizer.json, as transformers' fast tokenizers run it",
} as const;

export type TextTokenizerKind = keyof typeof TEXT_TOKENIZER_KINDS;

export function isTextTokenizerKind(value: string): value is TextTokenizerKind {
  return Object.hasOwn(TEXT_TOKENIZER_KINDS, value);
}

/** Rows of `contextLength` ids, and the mask the text tower reads: 1 for every token, 0 for padding. */
export interface TokenizedTexts {
  /** [texts, contextLength] int64 */
  readonly ids: Tensor<BigInt64Array>;
  /** [texts, contextLength] int64, 1 up to and including the last token, 0 on the padding. */
  readonly attentionMask: Tensor<BigInt64Array>;
}

export interface TokenizeTextsOptions {
  /** Cut over-long texts as the reference does (keeping its end token); default true. Without it they are an error. */
  readonly truncate?: boolean;
}

/**
 * A tokenizer of a model folder. Every row is padded to `contextLength` with `padId` (SigLIP's towers pool
 * at the last position: padding to the batch's longest text, or with another id, changes the embedding),
 * whatever the batch holds.
 */
export interface TextTokenizer {
  readonly kind: TextTokenizerKind;
  /** The file the ids come from (tokenizer.json, spiece.model, vocab.json, ...). */
  readonly source: string;
  readonly contextLength: number;
  readonly padId: number;
  /** The id that ends a text (eos / sep / CLIP's end token); null when the tokenizer defines none. */
  readonly eosId: number | null;
  /** One more than the largest id: the rows the text tower's embedding table needs. */
  readonly vocabSize: number;
  tokenize(texts: readonly string[], options?: TokenizeTextsOptions): Promise<TokenizedTexts>;
}

/** How the loader is told what the folder's files do not say. Every field is optional. */
export interface TextTokenizerHints {
  /** Ids per row. Default: tokenizer_config.json's model_max_length (77 for CLIP's BPE without one). */
  readonly contextLength?: number;
  /** Padding id. Default: the configured pad token; 0 for CLIP's BPE, as clip.tokenize pads. Must be an id of the vocabulary. */
  readonly padId?: number;
  /**
   * open_clip's cleaning before tokenizing: `canonicalize_text(basic_clean(text))` (ftfy, HTML unescaped twice,
   * `_` to space, ASCII punctuation removed, lower-cased, whitespace folded). open_clip does this for SigLIP 2,
   * whose shipped Gemma tokenizer config does not. Default false.
   */
  readonly canonicalize?: boolean;
  /** Use this kind instead of the one the files point to. */
  readonly kind?: TextTokenizerKind;
}

export type PaddingSide = 'left' | 'right';

/**
 * Lays out token rows (each at most `contextLength` long) as the two tensors, padded on `side`.
 */
export function paddedRows(rows: readonly (readonly number[])[], contextLength: number, padId: number, side: PaddingSide = 'right'): TokenizedTexts {
  const ids = new BigInt64Array(rows.length * contextLength).fill(BigInt(padId));
  const mask = new BigInt64Array(rows.length * contextLength);
  rows.forEach((row, r) => {
    if (row.length > contextLength) throw new Error(`row ${r} has ${row.length} ids, over ${contextLength}`);
    const start = r * contextLength + (side === 'left' ? contextLength - row.length : 0);
    row.forEach((id, i) => {
      ids[start + i] = BigInt(id);
      mask[start + i] = 1n;
    });
  });
  const dims = [rows.length, contextLength];
  return { ids: tensor(ids, dims), attentionMask: tensor(mask, dims) };
}

/** A context length from hints or config must leave room for a token and the end token. */
export function checkContextLength(contextLength: number, where: string): number {
  if (!Number.isInteger(contextLength) || contextLength < 2) {
    throw new ClipEvalError('TOKENIZER', `context length ${contextLength} for ${where} is not an integer >= 2; expected the text tower's input length`);
  }
  return contextLength;
}

/** A pad id must name a row of the embedding table. */
export function checkPadId(padId: number, vocabSize: number, where: string): number {
  if (!Number.isSafeInteger(padId) || padId < 0 || padId >= vocabSize) {
    throw new ClipEvalError('TOKENIZER', `pad id ${padId} is outside the vocabulary of ${where} (${vocabSize} ids); expected an integer from 0 to ${vocabSize - 1}`);
  }
  return padId;
}

export function tooLongError(text: string, row: number, length: number, contextLength: number): ClipEvalError {
  const chars = [...text];
  const preview = JSON.stringify(chars.length > 80 ? `${chars.slice(0, 80).join('')}…` : text);
  return new ClipEvalError('TOKENIZER', `text ${row + 1} ${preview} is ${length} tokens long with its special tokens, over the context length ${contextLength}; shorten it or turn truncation on (--truncate)`);
}
