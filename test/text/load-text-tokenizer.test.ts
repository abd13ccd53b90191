import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { detectTextTokenizer, loadTextTokenizer } from '../../src/text/load-text-tokenizer.js';
import { loadTokenizer } from '../../src/text/tokenizer.js';
import { TOKENIZER_FIXTURES } from './tokenizer-goldens.js';

const ROOT = join(import.meta.dirname, '../..');
const TINY_CLIP = join(ROOT, 'models/tiny-clip');
const SHARED_CLIP = join(ROOT, '../shared/models/tiny-random-clip');
const SHARED_TOKENS = join(ROOT, '../shared/fixtures/tokens.json');
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-text-tokenizer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A copy of a fixture folder with some files left out or replaced. */
function folder(name: string, from: string, files: Record<string, string | null> = {}): string {
  const out = join(dir, name);
  cpSync(from, out, { recursive: true });
  for (const [file, content] of Object.entries(files)) {
    if (content === null) rmSync(join(out, file));
    else writeFileSync(join(out, file), content);
  }
  return out;
}

const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (e: unknown) => e);

describe('loadTextTokenizer: the kind from tokenizer_config.json and the files present', () => {
  it.each([
    ['siglip', 'siglip-spm', 'spiece.model'],
    ['siglip-json', 'tokenizer-json', 'tokenizer.json'],
    ['gemma', 'tokenizer-json', 'tokenizer.json'],
    ['xlmr', 'tokenizer-json', 'tokenizer.json'],
    ['bert', 'tokenizer-json', 'tokenizer.json'],
  ])('%s -> %s from %s', async (name, kind, file) => {
    const tokenizer = await loadTextTokenizer(join(TOKENIZER_FIXTURES, name));
    expect(tokenizer.kind).toBe(kind);
    expect(tokenizer.source).toBe(join(TOKENIZER_FIXTURES, name, file));
  });

  it('follows spiece.model over a tokenizer.json beside it for SiglipTokenizer, and either without a config', async () => {
    const both = folder('siglip-both', join(TOKENIZER_FIXTURES, 'siglip'));
    cpSync(join(TOKENIZER_FIXTURES, 'siglip-json/tokenizer.json'), join(both, 'tokenizer.json'));
    expect((await detectTextTokenizer(both)).kind).toBe('siglip-spm');
    expect((await detectTextTokenizer(folder('bare-spiece', join(TOKENIZER_FIXTURES, 'siglip'), { 'tokenizer_config.json': null }))).kind).toBe('siglip-spm');
    const bare = await loadTextTokenizer(folder('bare-json', join(TOKENIZER_FIXTURES, 'bert'), { 'tokenizer_config.json': null }), { contextLength: 16, padId: 0 });
    expect([bare.kind, bare.contextLength, bare.eosId]).toEqual(['tokenizer-json', 16, null]);
    expect((await detectTextTokenizer(both, { kind: 'tokenizer-json' })).kind).toBe('tokenizer-json');
  });

  it('wraps CLIP\'s BPE unchanged: the ids of ClipTokenizer, the mask through the end token', async () => {
    const tokenizer = await loadTextTokenizer(TINY_CLIP);
    expect([tokenizer.kind, tokenizer.contextLength, tokenizer.padId]).toEqual(['clip-bpe', 24, 0]);
    const texts = ['a photo of a cat.', '', 'a '.repeat(40), 'hello <|endoftext|>'];
    const clip = await loadTokenizer({ kind: 'vocab-merges', vocab: join(TINY_CLIP, 'vocab.json'), merges: join(TINY_CLIP, 'merges.txt') });
    const rows = await tokenizer.tokenize(texts);
    expect(rows.ids.data).toEqual(clip.tokenize(texts, { contextLength: 24, truncate: true }).data);
    const ones = (r: number) => Array.from(rows.attentionMask.data.subarray(r * 24, (r + 1) * 24), Number).filter((m) => m === 1).length;
    expect(texts.map((_, r) => ones(r))).toEqual(texts.map((t) => Math.min(clip.encode(t).length + 2, 24)));
    const padded = await (await loadTextTokenizer(TINY_CLIP, { padId: tokenizer.eosId!, contextLength: 77 })).tokenize(['a photo']);
    expect(Array.from(padded.ids.data.subarray(5), Number)).toEqual(Array(72).fill(tokenizer.eosId));
  });

  it.skipIf(!existsSync(SHARED_TOKENS) || !existsSync(join(SHARED_CLIP, 'vocab.json')))('keeps clip.tokenize parity through the interface (shared fixtures)', async () => {
    const cases = JSON.parse(readFileSync(SHARED_TOKENS, 'utf8')) as { text: string; ids: number[] }[];
    const rows = await (await loadTextTokenizer(SHARED_CLIP)).tokenize(cases.map((c) => c.text));
    expect(Array.from(rows.ids.data, Number)).toEqual(cases.flatMap((c) => c.ids));
  });

  it('rejects an unknown tokenizer_class with one line naming the file and the classes expected', async () => {
    const unknown = folder('unknown-class', join(TOKENIZER_FIXTURES, 'bert'), { 'tokenizer_config.json': '{"tokenizer_class": "HyenaTokenizerFast"}' });
    const error = await errorOf(loadTextTokenizer(unknown));
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as Error).message).toBe(
      `${join(unknown, 'tokenizer_config.json')} names tokenizer_class "HyenaTokenizerFast", which clip-eval does not run; expected one of CLIPTokenizer, SiglipTokenizer, GemmaTokenizer, XLMRobertaTokenizer, BertTokenizer, T5Tokenizer, LlamaTokenizer, RobertaTokenizer, PreTrainedTokenizer (or their Fast variants)`,
    );
    expect((error as Error).message).not.toContain('\n');
  });

  it('says which files it expected when a folder has none, or lacks the one its class needs', async () => {
    const empty = join(dir, 'empty');
    cpSync(join(TOKENIZER_FIXTURES, 'bert/tokenizer_config.json'), join(empty, 'tokenizer_config.json'));
    expect(((await errorOf(loadTextTokenizer(empty))) as Error).message).toBe(`${empty} has no tokenizer.json; expected it for BertTokenizer`);
    rmSync(join(empty, 'tokenizer_config.json'));
    expect(((await errorOf(loadTextTokenizer(empty))) as Error).message).toBe(
      `${empty} holds no tokenizer file of a kind clip-eval knows; expected tokenizer.json, spiece.model, vocab.json, merges.txt, bpe_simple_vocab_16e6.txt.gz (vocab.json with merges.txt)`,
    );
    expect(((await errorOf(loadTextTokenizer(empty, { kind: 'sentencepiece' as never }))) as Error).message).toBe(
      `tokenizer kind "sentencepiece" for ${empty} is unknown; expected one of clip-bpe, siglip-spm, tokenizer-json`,
    );
  });

  it('checks the pad id of every kind against its vocabulary', async () => {
    for (const [path, size] of [[TINY_CLIP, 'vocab.json'], [join(TOKENIZER_FIXTURES, 'gemma'), 'tokenizer.json'], [join(TOKENIZER_FIXTURES, 'siglip'), 'spiece.model']] as const) {
      const error = await errorOf(loadTextTokenizer(path, { padId: 1_000_000 }));
      expect(error).toBeInstanceOf(ClipEvalError);
      expect((error as Error).message).toMatch(new RegExp(`^pad id 1000000 is outside the vocabulary of .*${size.replace('.', '\\.')} \\(\\d+ ids\\); expected an integer from 0 to \\d+$`));
    }
  });
});
