import { tensor } from '../core/tensor.js';
import type { TokenizerFiles } from './tokenizer-files.js';
import { loadTokenizer, type ClipTokenizer } from './tokenizer.js';
import { canonicalizeOpenClip } from './canonicalize.js';
import { checkContextLength, checkPadId, type TextTokenizer, type TokenizedTexts, type TokenizeTextsOptions } from './text-tokenizer.js';

/** OpenAI's context length, used when the folder does not give one. */
export const CLIP_CONTEXT_LENGTH = 77;

export interface ClipBpeSettings {
  readonly contextLength: number;
  readonly padId: number;
  readonly canonicalize: boolean;
}

/**
 * CLIP's BPE behind the common interface. The ids are ClipTokenizer's, unchanged (start, content, end,
 * padding); the attention mask is 1 from the start token through the end token, as transformers'
 * CLIPTokenizer gives it.
 */
export class ClipBpeTextTokenizer implements TextTokenizer {
  readonly kind = 'clip-bpe';
  readonly contextLength: number;
  readonly padId: number;
  readonly eosId: number;
  readonly vocabSize: number;

  constructor(
    readonly inner: ClipTokenizer,
    readonly source: string,
    private readonly settings: ClipBpeSettings,
  ) {
    this.contextLength = checkContextLength(settings.contextLength, source);
    this.vocabSize = inner.vocabSize;
    this.padId = checkPadId(settings.padId, inner.vocabSize, source);
    this.eosId = inner.endId;
  }

  async tokenize(texts: readonly string[], options: TokenizeTextsOptions = {}): Promise<TokenizedTexts> {
    const inputs = this.settings.canonicalize ? texts.map(canonicalizeOpenClip) : texts;
    const ids = this.inner.tokenize(inputs, { contextLength: this.contextLength, truncate: options.truncate ?? true, padId: this.padId });
    const mask = new BigInt64Array(ids.data.length);
    inputs.forEach((text, row) => {
      const length = Math.min(this.inner.encode(text).length + 2, this.contextLength);
      mask.fill(1n, row * this.contextLength, row * this.contextLength + length);
    });
    return { ids, attentionMask: tensor(mask, ids.dims) };
  }
}

export async function loadClipBpe(files: TokenizerFiles, settings: ClipBpeSettings): Promise<ClipBpeTextTokenizer> {
  return new ClipBpeTextTokenizer(await loadTokenizer(files), files.kind === 'vocab-merges' ? files.vocab : files.path, settings);
}
