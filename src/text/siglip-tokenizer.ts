import { ClipEvalError } from '../core/errors.js';
import { AddedTokensTrie, lowerCaseSparing, splitOnAddedTokens } from './added-tokens.js';
import { canonicalizeOpenClip, canonicalizeSiglip } from './canonicalize.js';
import { loadSentencePiece, type SentencePieceEncoder } from './sentencepiece.js';
import { parseSentencePieceModel, withoutDummyPrefix, type SentencePieceModel } from './sentencepiece-model.js';
import { checkContextLength, checkPadId, paddedRows, tooLongError, type TextTokenizer, type TokenizedTexts, type TokenizeTextsOptions } from './text-tokenizer.js';
import { SPECIAL_TOKEN_NAMES, type AddedTokenSpec, type ConfiguredToken, type TokenizerConfig } from './tokenizer-config.js';

const SPIECE_UNDERLINE = '\u2581';

/** SiglipTokenizer's defaults (tokenization_siglip.py) where tokenizer_config.json says nothing. */
const SIGLIP_DEFAULTS = { eos_token: '</s>', unk_token: '<unk>', pad_token: '</s>', model_max_length: 64 } as const;

export interface SiglipSettings {
  /** Ids per row; default model_max_length (64). */
  readonly contextLength?: number;
  /** Overrides the pad token's id. */
  readonly padId?: number;
  /** open_clip's cleaning first (see TextTokenizerHints.canonicalize). */
  readonly canonicalize: boolean;
}

/**
 * transformers' slow `SiglipTokenizer` over a SentencePiece model, step for step (tokenization_siglip.py and
 * PreTrainedTokenizer in tokenization_utils.py), which is what Hugging Face's Python side runs for SigLIP
 * even where a converted tokenizer.json sits beside spiece.model:
 * 1. `▁` + the text with every `▁` made a space; lower-cased except the special tokens;
 * 2. cut at the added tokens (`</s>`, `<unk>`, ... eat the whitespace beside them);
 * 3. each other piece canonicalised (ASCII punctuation removed, whitespace folded, stripped) and encoded
 *    by SentencePiece without the dummy prefix, as `<unk>` + piece with the `<unk>` pieces cut off again;
 * 4. a leading lone `▁` before a special token dropped; pieces to ids (added tokens first);
 * 5. truncated to leave room for `</s>`, `</s>` appended unless the ids already end with it, padded.
 */
export class SiglipTokenizer implements TextTokenizer {
  readonly kind = 'siglip-spm';
  readonly contextLength: number;
  readonly padId: number;
  readonly eosId: number;
  readonly vocabSize: number;
  private readonly vocab = new Map<string, number>();
  private readonly unkId: number;
  private readonly added = new Map<string, AddedTokenSpec>();
  private readonly addedIds = new Map<string, number>();
  private readonly specialTokens: string[];
  private readonly lowerCaseSpared: string[];
  private readonly trie: AddedTokensTrie;
  private readonly unkToken: string;
  private readonly unkTokenLength: number;
  private readonly doLowerCase: boolean;

  constructor(
    parsed: SentencePieceModel,
    private readonly encoder: SentencePieceEncoder,
    private readonly config: TokenizerConfig,
    readonly source: string,
    private readonly settings: SiglipSettings,
  ) {
    parsed.pieces.forEach(({ piece }, id) => {
      if (!this.vocab.has(piece)) this.vocab.set(piece, id);
    });
    this.unkId = parsed.unkId;
    // PreTrainedTokenizer.__init__: added_tokens_decoder first, then each special token not among them, at its
    // vocabulary id or, new, after everything known (_add_tokens). Given as plain strings, eos, unk and pad get
    // SiglipTokenizer's lstrip and rstrip; the other special tokens neither.
    for (const [id, token] of config.addedTokens) this.addToken(token, id);
    const special = (name: (typeof SPECIAL_TOKEN_NAMES)[number]): ConfiguredToken | undefined =>
      config.tokens[name] ?? (name === 'eos_token' || name === 'unk_token' || name === 'pad_token' ? { content: SIGLIP_DEFAULTS[name] } : undefined);
    const stripping = new Set<string>();
    const named = SPECIAL_TOKEN_NAMES.flatMap((name) => {
      const token = special(name);
      if (token && (name === 'eos_token' || name === 'unk_token' || name === 'pad_token')) stripping.add(token.content);
      return token ? [token] : [];
    });
    const specials = [...named, ...config.additionalSpecialTokens];
    const known = new Set([...this.vocab.keys(), ...this.addedIds.keys()]);
    let newId = known.size;
    for (const token of specials) {
      if (this.addedIds.has(token.content)) continue;
      const strip = stripping.has(token.content);
      const flags = token.flags ?? { content: token.content, lstrip: strip, rstrip: strip, singleWord: false, normalized: false };
      this.addToken({ ...flags, special: true }, this.vocab.get(token.content) ?? newId++);
    }
    this.specialTokens = [...new Set(specials.map((t) => t.content))];
    this.lowerCaseSpared = [...this.specialTokens, ...[...this.added.values()].filter((t) => !t.special && t.normalized).map((t) => t.content)];
    this.trie = new AddedTokensTrie(this.added.keys());
    this.doLowerCase = config.doLowerCase ?? true;
    this.unkToken = special('unk_token')!.content;
    this.unkTokenLength = encoder.encodePieces(this.unkToken).length;
    this.vocabSize = Math.max(parsed.pieces.length, ...[...this.addedIds.values()].map((id) => id + 1));
    this.contextLength = checkContextLength(settings.contextLength ?? config.modelMaxLength ?? SIGLIP_DEFAULTS.model_max_length, source);
    this.eosId = this.addedIds.get(special('eos_token')!.content)!;
    this.padId = checkPadId(settings.padId ?? this.addedIds.get(special('pad_token')!.content)!, this.vocabSize, source);
  }

  private addToken(token: AddedTokenSpec, id: number): void {
    this.added.set(token.content, token);
    this.addedIds.set(token.content, id);
  }

  /** SiglipTokenizer.tokenize: the token strings of one text, without `</s>`. */
  pieces(text: string): string[] {
    let input = SPIECE_UNDERLINE + text.replaceAll(SPIECE_UNDERLINE, ' ');
    if (this.doLowerCase) input = lowerCaseSparing(input, this.lowerCaseSpared);
    const tokens: string[] = [];
    for (const piece of splitOnAddedTokens(input, this.trie, this.added)) {
      if (piece.added) tokens.push(piece.text);
      else tokens.push(...this.encodePiece(piece.text));
    }
    if (tokens.length > 1 && tokens[0] === SPIECE_UNDERLINE && this.specialTokens.includes(tokens[1]!)) tokens.shift();
    return tokens;
  }

  /** SiglipTokenizer._tokenize: SentencePiece on `<unk>` + the canonicalised piece, the `<unk>` pieces cut off. */
  private encodePiece(text: string): string[] {
    const tokens = this.encoder.encodePieces(this.unkToken + canonicalizeSiglip(text));
    return tokens.length >= this.unkTokenLength ? tokens.slice(this.unkTokenLength) : tokens;
  }

  /** The ids of one text, `</s>` included, truncated to the context length when `truncate`. */
  ids(text: string, truncate: boolean, row = 0): number[] {
    let ids = this.pieces(this.settings.canonicalize ? canonicalizeOpenClip(text) : text).map((t) => this.addedIds.get(t) ?? this.vocab.get(t) ?? this.unkId);
    const total = ids.length + 1; // num_special_tokens_to_add(): build_inputs_with_special_tokens([]) is [eos]
    if (total > this.contextLength) {
      if (!truncate) throw tooLongError(text, row, total, this.contextLength);
      const remove = total - this.contextLength;
      if (ids.length > remove) ids = this.config.truncationSide === 'left' ? ids.slice(remove) : ids.slice(0, -remove);
    }
    return ids.at(-1) === this.eosId ? ids : [...ids, this.eosId]; // _add_eos_if_not_present
  }

  async tokenize(texts: readonly string[], options: TokenizeTextsOptions = {}): Promise<TokenizedTexts> {
    const truncate = options.truncate ?? true;
    return paddedRows(texts.map((text, row) => this.ids(text, truncate, row)), this.contextLength, this.padId, this.config.paddingSide);
  }
}

export async function loadSiglipTokenizer(model: Uint8Array, config: TokenizerConfig, source: string, settings: SiglipSettings): Promise<SiglipTokenizer> {
  const parsed = parseSentencePieceModel(model, source);
  if (parsed.unkId < 0) throw new ClipEvalError('TOKENIZER', `${source} has no unknown piece; SiglipTokenizer needs one (<unk>)`);
  const encoder = await loadSentencePiece(withoutDummyPrefix(model), source);
  return new SiglipTokenizer(parsed, encoder, config, source, settings);
}
