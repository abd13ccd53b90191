import { ClipEvalError, errorMessage } from '../core/errors.js';

/** An added token as transformers describes one (`AddedToken`): its text and how it treats its neighbours. */
export interface AddedTokenSpec {
  readonly content: string;
  readonly lstrip: boolean;
  readonly rstrip: boolean;
  readonly singleWord: boolean;
  readonly normalized: boolean;
  readonly special: boolean;
}

/** A special token of tokenizer_config.json: a plain string, or an AddedToken object with its flags. */
export interface ConfiguredToken {
  readonly content: string;
  /** The AddedToken flags when the file gives an object; a plain string leaves them to the tokenizer class. */
  readonly flags?: AddedTokenSpec;
}

export const SPECIAL_TOKEN_NAMES = ['bos_token', 'eos_token', 'unk_token', 'sep_token', 'pad_token', 'cls_token', 'mask_token'] as const;
export type SpecialTokenName = (typeof SPECIAL_TOKEN_NAMES)[number];

/** What clip-eval reads from a Hugging Face `tokenizer_config.json`; every field is optional there. */
export interface TokenizerConfig {
  readonly path: string;
  readonly tokenizerClass?: string;
  /** `model_max_length`, left out when it is transformers' "no limit" (1e30) or not a usable length. */
  readonly modelMaxLength?: number;
  readonly tokens: Readonly<Partial<Record<SpecialTokenName, ConfiguredToken>>>;
  readonly additionalSpecialTokens: readonly ConfiguredToken[];
  /** `added_tokens_decoder`: id -> token, as a saved slow tokenizer restores them. */
  readonly addedTokens: ReadonlyMap<number, AddedTokenSpec>;
  readonly doLowerCase?: boolean;
  readonly paddingSide: 'left' | 'right';
  readonly truncationSide: 'left' | 'right';
  readonly addBosToken?: boolean;
  readonly addEosToken?: boolean;
}

/** Context lengths above this are transformers' placeholders for "unlimited", not a tower's input length. */
const LARGEST_CONTEXT = 1_000_000;

export function parseTokenizerConfig(text: string, path: string): TokenizerConfig {
  let root: unknown;
  try {
    root = JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `${path} is not valid JSON: ${errorMessage(error)}`);
  }
  if (!isRecord(root)) throw new ClipEvalError('TOKENIZER', `${path} is not a JSON object; expected a Hugging Face tokenizer_config.json`);
  const field = <T>(name: string, check: (v: unknown) => v is T, expected: string): T | undefined => {
    const value = root[name];
    if (value === undefined || value === null) return undefined;
    if (!check(value)) throw new ClipEvalError('TOKENIZER', `${path}: ${name} is ${JSON.stringify(value)}, expected ${expected}`);
    return value;
  };
  const side = (name: string) => field(name, (v): v is 'left' | 'right' => v === 'left' || v === 'right', '"left" or "right"') ?? 'right';
  const maxLength = field('model_max_length', (v): v is number => typeof v === 'number', 'a number');

  const tokens: Partial<Record<SpecialTokenName, ConfiguredToken>> = {};
  for (const name of SPECIAL_TOKEN_NAMES) {
    const value = root[name];
    if (value !== undefined && value !== null) tokens[name] = configuredToken(value, `${path}: ${name}`);
  }
  const extra = field('additional_special_tokens', Array.isArray, 'an array of tokens') ?? [];
  const addedTokens = new Map<number, AddedTokenSpec>();
  const decoder = field('added_tokens_decoder', isRecord, 'an object of id -> token') ?? {};
  for (const [id, value] of Object.entries(decoder)) {
    const where = `${path}: added_tokens_decoder[${JSON.stringify(id)}]`;
    if (!/^\d+$/.test(id)) throw new ClipEvalError('TOKENIZER', `${where}: the key must be a token id`);
    const token = configuredToken(value, where);
    if (!token.flags) throw new ClipEvalError('TOKENIZER', `${where} must be an AddedToken object with "content"`);
    addedTokens.set(Number(id), token.flags);
  }
  return {
    path,
    tokenizerClass: field('tokenizer_class', isString, 'a class name'),
    modelMaxLength: maxLength !== undefined && Number.isInteger(maxLength) && maxLength >= 2 && maxLength <= LARGEST_CONTEXT ? maxLength : undefined,
    tokens,
    additionalSpecialTokens: extra.map((value, i) => configuredToken(value, `${path}: additional_special_tokens[${i}]`)),
    addedTokens,
    doLowerCase: field('do_lower_case', isBoolean, 'true or false'),
    paddingSide: side('padding_side'),
    truncationSide: side('truncation_side'),
    addBosToken: field('add_bos_token', isBoolean, 'true or false'),
    addEosToken: field('add_eos_token', isBoolean, 'true or false'),
  };
}

/** The config of a folder without a tokenizer_config.json: every default. */
export function emptyTokenizerConfig(path: string): TokenizerConfig {
  return { path, tokens: {}, additionalSpecialTokens: [], addedTokens: new Map(), paddingSide: 'right', truncationSide: 'right' };
}

function configuredToken(value: unknown, where: string): ConfiguredToken {
  if (typeof value === 'string') return { content: value };
  if (isRecord(value) && typeof value['content'] === 'string') {
    const flag = (name: string, fallback: boolean) => (typeof value[name] === 'boolean' ? (value[name] as boolean) : fallback);
    const content = value['content'];
    return {
      content,
      flags: { content, lstrip: flag('lstrip', false), rstrip: flag('rstrip', false), singleWord: flag('single_word', false), normalized: flag('normalized', true), special: flag('special', false) },
    };
  }
  throw new ClipEvalError('TOKENIZER', `${where} is ${JSON.stringify(value)}, expected a token string or an object with "content"`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
