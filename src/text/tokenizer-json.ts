import { Tokenizer, templateProcessing, type TruncationStrategy } from 'tokenizers';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { tensor } from '../core/tensor.js';
import { canonicalizeOpenClip } from './canonicalize.js';
import { checkContextLength, checkPadId, tooLongError, type TextTokenizer, type TokenizedTexts, type TokenizeTextsOptions } from './text-tokenizer.js';
import type { TokenizerConfig } from './tokenizer-config.js';

/**
 * Any Hugging Face tokenizer.json, run by Hugging Face's own `tokenizers` (the Rust library behind Python's
 * `tokenizers` and transformers' fast tokenizers, through its Node binding); the only module that imports
 * it. Normalizers, pre-tokenizers, the model (BPE, Unigram, WordPiece, WordLevel) and the post-processor
 * are the file's; truncation and padding are set as `PreTrainedTokenizerFast.__call__(texts,
 * padding="max_length", truncation=True, max_length=contextLength)` sets them (tokenization_utils_fast.py):
 * longest-first truncation that leaves room for the post-processor's special tokens, padding to the
 * context length with the configured pad token, on the configured sides.
 */

export const TOKENIZER_JSON_MODELS = ['BPE', 'Unigram', 'WordPiece', 'WordLevel'] as const;

/** Tokenizer classes whose fast tokenizer rebuilds the post-processor from add_bos_token / add_eos_token. */
const BOS_EOS_CLASSES = new Set(['GemmaTokenizer', 'LlamaTokenizer']);

export interface TokenizerJsonSettings {
  /** Ids per row; default model_max_length. */
  readonly contextLength?: number;
  /** Overrides the pad token's id. */
  readonly padId?: number;
  /** open_clip's cleaning first (see TextTokenizerHints.canonicalize). */
  readonly canonicalize: boolean;
}

export class TokenizerJsonTokenizer implements TextTokenizer {
  readonly kind = 'tokenizer-json';
  private untruncated: Tokenizer | undefined;

  private constructor(
    private readonly json: string,
    private readonly tokenizer: Tokenizer,
    private readonly padToken: string,
    private readonly config: TokenizerConfig,
    private readonly canonicalize: boolean,
    readonly source: string,
    readonly contextLength: number,
    readonly padId: number,
    readonly eosId: number | null,
    readonly vocabSize: number,
  ) {}

  static async load(path: string, json: string, config: TokenizerConfig, settings: TokenizerJsonSettings): Promise<TokenizerJsonTokenizer> {
    const root = parse(json, path);
    checkModel(root, path);
    const tokenizer = build(json, path, config);
    let vocabSize = 0;
    for (const id of Object.values(tokenizer.getVocab(true))) vocabSize = Math.max(vocabSize, id + 1);
    const idOf = (token: string, what: string): number => {
      const id = tokenizer.tokenToId(token);
      if (id === null || id === undefined) throw new ClipEvalError('TOKENIZER', `${config.path}: ${what} ${JSON.stringify(token)} is not in the vocabulary of ${path}; expected one of its tokens`);
      return id;
    };
    const padConfigured = config.tokens.pad_token?.content;
    let padId = settings.padId ?? (padConfigured !== undefined ? idOf(padConfigured, 'pad_token') : filePadId(root));
    if (padId === undefined) {
      throw new ClipEvalError('TOKENIZER', `${path} names no pad token (no pad_token in ${config.path}, no padding in the file); expected a pad token, or pass the pad id`);
    }
    padId = checkPadId(padId, vocabSize, path);
    const contextLength = checkContextLength(settings.contextLength ?? config.modelMaxLength ?? Number.NaN, path);
    const eos = config.tokens.eos_token?.content ?? config.tokens.sep_token?.content;
    const eosId = eos === undefined ? null : idOf(eos, 'eos_token');
    const padToken = tokenizer.idToToken(padId) ?? padConfigured ?? '';
    const wrapper = new TokenizerJsonTokenizer(json, tokenizer, padToken, config, settings.canonicalize, path, contextLength, padId, eosId, vocabSize);
    wrapper.setPadding(tokenizer);
    tokenizer.setTruncation(contextLength, { strategy: 'LongestFirst' as TruncationStrategy, direction: config.truncationSide, stride: 0 });
    return wrapper;
  }

  private setPadding(tokenizer: Tokenizer): void {
    tokenizer.setPadding({ maxLength: this.contextLength, padId: this.padId, padToken: this.padToken, padTypeId: 0, direction: this.config.paddingSide });
  }

  async tokenize(texts: readonly string[], options: TokenizeTextsOptions = {}): Promise<TokenizedTexts> {
    const inputs = this.canonicalize ? texts.map(canonicalizeOpenClip) : [...texts];
    let tokenizer = this.tokenizer;
    if (options.truncate === false) {
      if (!this.untruncated) {
        this.untruncated = build(this.json, this.source, this.config);
        this.setPadding(this.untruncated);
      }
      tokenizer = this.untruncated;
    }
    const encodings = await tokenizer.encodeBatch(inputs, { addSpecialTokens: true });
    const size = this.contextLength;
    const ids = new BigInt64Array(texts.length * size);
    const mask = new BigInt64Array(texts.length * size);
    encodings.forEach((encoding, row) => {
      const rowIds = encoding.getIds();
      if (rowIds.length > size) throw tooLongError(texts[row]!, row, rowIds.length, size);
      ids.set(rowIds.map(BigInt), row * size);
      mask.set(encoding.getAttentionMask().map(BigInt), row * size);
    });
    return { ids: tensor(ids, [texts.length, size]), attentionMask: tensor(mask, [texts.length, size]) };
  }
}

function parse(json: string, path: string): Record<string, unknown> {
  let root: unknown;
  try {
    root = JSON.parse(json);
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `${path} is not valid JSON: ${errorMessage(error)}`);
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new ClipEvalError('TOKENIZER', `${path} is not a JSON object; expected a Hugging Face tokenizer.json`);
  return root as Record<string, unknown>;
}

/** An unknown model type is named before the library's own (longer) message could be. */
function checkModel(root: Record<string, unknown>, path: string): void {
  const model = root['model'];
  const type = typeof model === 'object' && model !== null ? (model as Record<string, unknown>)['type'] : undefined;
  if (type !== undefined && !(TOKENIZER_JSON_MODELS as readonly unknown[]).includes(type)) {
    throw new ClipEvalError('TOKENIZER', `${path} holds a tokenizer model of type ${JSON.stringify(type)}; expected one of ${TOKENIZER_JSON_MODELS.join(', ')}`);
  }
  if (model === undefined) throw new ClipEvalError('TOKENIZER', `${path} has no "model"; expected a Hugging Face tokenizer.json`);
}

function filePadId(root: Record<string, unknown>): number | undefined {
  const padding = root['padding'];
  const id = typeof padding === 'object' && padding !== null ? (padding as Record<string, unknown>)['pad_id'] : undefined;
  return typeof id === 'number' ? id : undefined;
}

function build(json: string, path: string, config: TokenizerConfig): Tokenizer {
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromString(json);
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `${path} is not a tokenizer.json Hugging Face tokenizers can read: ${errorMessage(error).split('\n')[0]}`);
  }
  const cls = config.tokenizerClass?.replace(/Fast$/, '');
  if (cls !== undefined && BOS_EOS_CLASSES.has(cls)) tokenizer.setPostProcessor(bosEosTemplate(tokenizer, config, path));
  return tokenizer;
}

/**
 * LlamaTokenizerFast.update_post_processor, which GemmaTokenizerFast shares: `[bos] $A [eos]` from the
 * config's add_bos_token (default true) and add_eos_token (default false), whatever the file's post-processor.
 */
function bosEosTemplate(tokenizer: Tokenizer, config: TokenizerConfig, path: string) {
  const addBos = config.addBosToken ?? true;
  const addEos = config.addEosToken ?? false;
  const special = (name: 'bos_token' | 'eos_token'): [string, number] => {
    const content = config.tokens[name]?.content;
    const id = content === undefined ? null : tokenizer.tokenToId(content);
    if (content === undefined || id === null || id === undefined) {
      throw new ClipEvalError('TOKENIZER', `${config.path} sets add_${name} but its ${name} is not in the vocabulary of ${path}; expected a ${name}`);
    }
    return [content, id];
  };
  const bos = addBos ? special('bos_token') : undefined;
  const eos = addEos ? special('eos_token') : undefined;
  const single = `${bos ? `${bos[0]}:0 ` : ''}$A:0${eos ? ` ${eos[0]}:0` : ''}`;
  const pair = `${single}${bos ? ` ${bos[0]}:1` : ''} $B:1${eos ? ` ${eos[0]}:1` : ''}`;
  return templateProcessing(single, pair, [bos, eos].filter((t): t is [string, number] => t !== undefined));
}
