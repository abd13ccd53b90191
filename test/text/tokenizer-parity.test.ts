import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTokenizer } from '../../src/text/tokenizer.js';

// Reference ids from OpenAI's clip.tokenize (see ../shared/fixtures/README.md, tokenizer section).
const SHARED = join(import.meta.dirname, '../../../shared');
const MODEL = join(SHARED, 'models/tiny-random-clip');
const TOKENS = join(SHARED, 'fixtures/tokens.json');

interface TokenCase {
  text: string;
  category: string;
  untruncated_length: number;
  truncated: boolean;
  ids: number[];
}

describe.skipIf(!existsSync(TOKENS) || !existsSync(join(MODEL, 'vocab.json')))('clip.tokenize parity (shared fixtures)', () => {
  const cases = existsSync(TOKENS) ? (JSON.parse(readFileSync(TOKENS, 'utf8')) as TokenCase[]) : [];

  it('gives the reference ids for every string, reported per category', async () => {
    const tokenizer = await loadTokenizer({ kind: 'vocab-merges', vocab: join(MODEL, 'vocab.json'), merges: join(MODEL, 'merges.txt') });
    const ids = tokenizer.tokenize(cases.map((c) => c.text), { contextLength: 77, truncate: true });
    const failures: Record<string, string[]> = {};
    cases.forEach((c, row) => {
      const got = Array.from(ids.data.subarray(row * 77, (row + 1) * 77), Number);
      if (JSON.stringify(got) !== JSON.stringify(c.ids)) (failures[c.category] ??= []).push(JSON.stringify(c.text));
    });
    expect(failures).toEqual({});
    expect(cases.length).toBe(84);
  });

  it('counts the untruncated length like the reference and truncates exactly the over-long ones', async () => {
    const tokenizer = await loadTokenizer({ kind: 'vocab-merges', vocab: join(MODEL, 'vocab.json'), merges: join(MODEL, 'merges.txt') });
    for (const c of cases) {
      expect(tokenizer.encode(c.text).length + 2, c.text).toBe(c.untruncated_length);
      expect(c.untruncated_length > 77).toBe(c.truncated);
    }
  });
});
