import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { canonicalizeOpenClip, removeAsciiPunctuation } from '../../src/text/canonicalize.js';
import { parseTokenizerConfig } from '../../src/text/tokenizer-config.js';
import { TokenizerJsonTokenizer, type TokenizerJsonSettings } from '../../src/text/tokenizer-json.js';
import { goldenMismatches, readGolden, TOKENIZER_FIXTURES } from './tokenizer-goldens.js';

const read = (name: string, file: string) => readFileSync(join(TOKENIZER_FIXTURES, name, file), 'utf8');

function open(name: string, settings: Partial<TokenizerJsonSettings> = {}, config: Record<string, unknown> = {}, json = read(name, 'tokenizer.json')) {
  const merged = JSON.stringify({ ...JSON.parse(read(name, 'tokenizer_config.json')), ...config });
  return TokenizerJsonTokenizer.load(`${name}/tokenizer.json`, json, parseTokenizerConfig(merged, `${name}/tokenizer_config.json`), { canonicalize: false, ...settings });
}

// Golden ids from Hugging Face's Rust tokenizers (tools/tokenizer-json-oracle.mjs), called as transformers'
// fast tokenizers call it: padding="max_length", truncation=True, max_length=contextLength.
const CASES = {
  'siglip-json': { what: 'SigLIP Unigram converted from spiece.model (Precompiled, Metaspace, $A </s>)', settings: {} },
  gemma: { what: "Gemma-like BPE with byte fallback, cleaned as open_clip does for SigLIP 2", settings: { canonicalize: true } },
  xlmr: { what: 'XLM-R Unigram, fairseq offset, <s> $A </s>, context length 40 given', settings: { contextLength: 40 } },
  bert: { what: 'BERT WordPiece as Chinese-CLIP uses it (BertNormalizer, BertPreTokenizer, [CLS] $A [SEP])', settings: {} },
} as const;

describe('tokenizer.json against the Rust tokenizers library', () => {
  it.each(Object.entries(CASES))('%s: %s', async (name, { settings }) => {
    const golden = readGolden(name);
    const tokenizer = await open(name, settings);
    expect([tokenizer.kind, tokenizer.contextLength, tokenizer.padId, tokenizer.eosId]).toEqual(['tokenizer-json', golden.contextLength, golden.padId, golden.eosId]);
    expect(goldenMismatches(golden, await tokenizer.tokenize(golden.cases.map((c) => c.text)))).toEqual([]);
    expect(golden.cases.length).toBeGreaterThanOrEqual(50);
    // Every row carries its end token and is padded with the pad id behind a zero mask.
    for (const c of golden.cases) {
      const n = c.attention_mask.filter((m) => m === 1).length;
      expect(c.ids[n - 1]).toBe(golden.eosId);
      expect(c.ids.slice(n)).toEqual(Array(golden.contextLength - n).fill(golden.padId));
    }
  });

  it("cleans as open_clip's canonicalize_text(basic_clean(text)) does", () => {
    for (const c of readGolden('gemma').cases) expect(canonicalizeOpenClip(c.text)).toBe(c.input);
    expect(removeAsciiPunctuation('a-b_c!"#$%&\'()*+,./:;<=>?@[\\]^`{|}~d')).toBe('abcd');
  });

  it('keeps the end token when it truncates, and without truncation says which text is too long', async () => {
    const tokenizer = await open('xlmr', { contextLength: 8 });
    const rows = await tokenizer.tokenize(['a photo of a small red car on the street']);
    expect(Array.from(rows.ids.data, Number).at(0)).toBe(0);
    expect(Array.from(rows.ids.data, Number).at(-1)).toBe(2);
    expect(Array.from(rows.attentionMask.data, Number)).toEqual(Array(8).fill(1));
    const error = await tokenizer.tokenize(['short', 'a photo of a small red car on the street'], { truncate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as Error).message).toMatch(/^text 2 "a photo of a small red car on the street" is \d+ tokens long with its special tokens, over the context length 8/);
  });

  it("rebuilds Gemma's post-processor from add_bos_token / add_eos_token, as GemmaTokenizerFast does", async () => {
    const golden = readGolden('gemma');
    const both = await (await open('gemma', { canonicalize: true }, { add_bos_token: true })).tokenize([golden.cases[0]!.text]);
    const n = golden.cases[0]!.attention_mask.filter((m) => m === 1).length;
    expect(Array.from(both.ids.data.subarray(0, n + 1), Number)).toEqual([2, ...golden.cases[0]!.ids.slice(0, n)]);
    const defaults = await (await open('gemma', { canonicalize: true }, { add_bos_token: null, add_eos_token: null })).tokenize([golden.cases[0]!.text]);
    expect(Array.from(defaults.ids.data.subarray(0, n + 1), Number)).toEqual([2, ...golden.cases[0]!.ids.slice(0, n - 1), 0]);
  });

  it('agrees with SiglipTokenizer over spiece.model on texts SiglipTokenizer does not change', () => {
    const slow = new Map(readGolden('siglip').cases.map((c) => [c.text, c.ids]));
    const plain = readGolden('siglip-json').cases.filter(({ text }) => text === text.toLowerCase() && removeAsciiPunctuation(text) === text && !text.includes('\u2581') && !/^\s|\s$|\s\s|[\t\n]/.test(text));
    expect(plain.length).toBeGreaterThanOrEqual(15);
    for (const c of plain) expect(c.ids, c.text).toEqual(slow.get(c.text));
  });

  it('rejects a pad id outside the vocabulary and a pad token the vocabulary lacks, naming the files', async () => {
    await expect(open('bert', { padId: 537 })).rejects.toThrow(/^pad id 537 is outside the vocabulary of bert\/tokenizer\.json \(537 ids\); expected an integer from 0 to 536$/);
    await expect(open('bert', {}, { pad_token: '<nope>' })).rejects.toThrow(/^bert\/tokenizer_config\.json: pad_token "<nope>" is not in the vocabulary of bert\/tokenizer\.json; expected one of its tokens$/);
  });

  it('rejects a tokenizer.json of an unknown kind with one line naming the file and the kinds expected', async () => {
    const json = JSON.parse(read('bert', 'tokenizer.json')) as { model: { type: string } };
    json.model.type = 'Hyena';
    const error = await open('bert', {}, {}, JSON.stringify(json)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as Error).message).toBe('bert/tokenizer.json holds a tokenizer model of type "Hyena"; expected one of BPE, Unigram, WordPiece, WordLevel');
    await expect(open('bert', {}, {}, '{"model": 3')).rejects.toThrow(/^bert\/tokenizer\.json is not valid JSON/);
    await expect(open('bert', {}, {}, '{"model": {"type": "BPE", "vocab": 3}}')).rejects.toThrow(/^bert\/tokenizer\.json is not a tokenizer\.json Hugging Face tokenizers can read: [^\n]+$/);
  });
});
