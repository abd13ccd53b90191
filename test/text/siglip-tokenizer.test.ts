import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { loadSiglipTokenizer } from '../../src/text/siglip-tokenizer.js';
import { parseTokenizerConfig } from '../../src/text/tokenizer-config.js';
import { goldenMismatches, readGolden, TOKENIZER_FIXTURES } from './tokenizer-goldens.js';

const DIR = join(TOKENIZER_FIXTURES, 'siglip');
const MODEL = new Uint8Array(readFileSync(join(DIR, 'spiece.model')));
const CONFIG_TEXT = readFileSync(join(DIR, 'tokenizer_config.json'), 'utf8');
const golden = readGolden('siglip');

const open = (config: Record<string, unknown> = {}, settings: { contextLength?: number; padId?: number } = {}) =>
  loadSiglipTokenizer(MODEL, parseTokenizerConfig(JSON.stringify({ ...JSON.parse(CONFIG_TEXT), ...config }), 'tokenizer_config.json'), 'siglip/spiece.model', { canonicalize: false, ...settings });

describe("SiglipTokenizer over spiece.model (golden ids of transformers' slow SiglipTokenizer)", () => {
  it('gives the reference ids and attention masks for every text', async () => {
    const tokenizer = await open();
    expect([tokenizer.kind, tokenizer.contextLength, tokenizer.padId, tokenizer.eosId, tokenizer.vocabSize]).toEqual(['siglip-spm', 64, 1, 1, 700]);
    expect(goldenMismatches(golden, await tokenizer.tokenize(golden.cases.map((c) => c.text)))).toEqual([]);
    expect(golden.cases.length).toBeGreaterThanOrEqual(58);
  });

  it('pads every row to 64 with the pad id, whatever the batch holds', async () => {
    const tokenizer = await open();
    const one = await tokenizer.tokenize(['a photo of a cat.']);
    const batch = await tokenizer.tokenize(['a photo of a cat.', golden.cases.at(-2)!.text]);
    expect(one.ids.dims).toEqual([1, 64]);
    expect(Array.from(batch.ids.data.subarray(0, 64))).toEqual(Array.from(one.ids.data));
  });

  it('truncates over-long texts to 63 ids and keeps </s> last; a literal </s> at the cut is not doubled', async () => {
    const tokenizer = await open();
    const long = golden.cases.filter((c) => c.attention_mask.every((m) => m === 1));
    expect(long.length).toBeGreaterThanOrEqual(4);
    for (const c of long) expect(c.ids.at(-1)).toBe(1);
    const cut = golden.cases.at(-1)!;
    expect(cut.text).toContain('</s> tail');
    expect(cut.attention_mask.filter((m) => m === 1).length).toBe(63);
    expect([cut.ids[62], cut.attention_mask[63]]).toEqual([1, 0]);
    const error = await tokenizer.tokenize([long[0]!.text], { truncate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as Error).message).toMatch(/^text 1 ".*" is \d+ tokens long with its special tokens, over the context length 64/);
  });

  it('follows the context length, pad id and padding side it is given', async () => {
    const shortRows = await (await open({}, { contextLength: 8, padId: 0 })).tokenize(['a photo of a cat.']);
    expect(Array.from(shortRows.ids.data, Number)).toEqual([...golden.cases[0]!.ids.slice(0, 6), 0, 0]);
    const left = await (await open({ padding_side: 'left' })).tokenize(['a photo of a cat.']);
    const right = golden.cases[0]!;
    expect(Array.from(left.ids.data, Number)).toEqual([...right.ids.slice(6), ...right.ids.slice(0, 6)]);
    expect(Array.from(left.attentionMask.data, Number)).toEqual([...right.attention_mask.slice(6), ...right.attention_mask.slice(0, 6)]);
  });

  it('rejects a pad id outside the vocabulary, naming the file and the ids expected', async () => {
    for (const padId of [700, -1, 1.5]) {
      const error = await open({}, { padId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClipEvalError);
      expect((error as Error).message).toBe(`pad id ${padId} is outside the vocabulary of siglip/spiece.model (700 ids); expected an integer from 0 to 699`);
    }
  });
});
