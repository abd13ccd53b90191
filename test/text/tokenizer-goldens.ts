import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TokenizedTexts } from '../../src/text/text-tokenizer.js';

/** A golden.json of test/text/fixtures/tokenizers (tools/make-tokenizer-fixtures.py, tokenizer-json-oracle.mjs). */
export interface TokenizerGolden {
  reference: string;
  contextLength: number;
  padId: number;
  eosId: number;
  canonicalize?: boolean;
  cases: { text: string; input?: string; ids: number[]; attention_mask: number[] }[];
}

export const TOKENIZER_FIXTURES = join(import.meta.dirname, 'fixtures/tokenizers');

export function readGolden(name: string): TokenizerGolden {
  return JSON.parse(readFileSync(join(TOKENIZER_FIXTURES, name, 'golden.json'), 'utf8')) as TokenizerGolden;
}

/** The texts whose ids or mask differ from the golden, with what was got (empty when all agree). */
export function goldenMismatches(golden: TokenizerGolden, got: TokenizedTexts): { text: string; ids: number[]; mask: number[] }[] {
  const size = golden.contextLength;
  const row = (data: BigInt64Array, r: number) => Array.from(data.subarray(r * size, (r + 1) * size), Number);
  return golden.cases.flatMap((c, r) => {
    const ids = row(got.ids.data, r);
    const mask = row(got.attentionMask.data, r);
    const same = JSON.stringify(ids) === JSON.stringify(c.ids) && JSON.stringify(mask) === JSON.stringify(c.attention_mask);
    return same ? [] : [{ text: c.text, ids, mask }];
  });
}
