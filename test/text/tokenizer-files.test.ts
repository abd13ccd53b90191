import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { BYTE_ALPHABET } from '../../src/text/byte-unicode.js';
import { readVocabulary, type TokenizerFiles, type Vocabulary } from '../../src/text/tokenizer-files.js';
import { loadTokenizer } from '../../src/text/tokenizer.js';

const SHARED = join(import.meta.dirname, '../../../shared');
const MODEL = join(SHARED, 'models/tiny-random-clip');
const TOKENS = join(SHARED, 'fixtures/tokens.json');
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-tokenizer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/**
 * The other two formats, built from a vocab.json + merges.txt the way their producers lay
 * them out: a Hugging Face tokenizer.json (merges as strings, and as pairs), and OpenAI's gzipped
 * merges list whose vocabulary is derived rather than stored.
 */
function otherFormats(label: string, vocabPath: string, mergesPath: string): Record<string, TokenizerFiles> {
  const vocab = JSON.parse(readFileSync(vocabPath, 'utf8')) as Record<string, number>;
  const mergeLines = readFileSync(mergesPath, 'utf8').split('\n').filter((l) => l !== '' && !l.startsWith('#version'));
  const tokenizerJson = (merges: unknown[]) =>
    JSON.stringify({
      version: '1.0',
      added_tokens: [
        { id: vocab['<|startoftext|>'], content: '<|startoftext|>', special: true },
        { id: vocab['<|endoftext|>'], content: '<|endoftext|>', special: true },
      ],
      model: { type: 'BPE', continuing_subword_prefix: '', end_of_word_suffix: '</w>', vocab, merges },
    });
  const bpe = gzipSync(`"bpe_simple_vocab_16e6.txt#version: 0.2\n${mergeLines.join('\n')}\n`);
  return {
    'tokenizer.json (string merges)': { kind: 'tokenizer-json', path: write(`${label}-strings-tokenizer.json`, tokenizerJson(mergeLines)) },
    'tokenizer.json (pair merges)': { kind: 'tokenizer-json', path: write(`${label}-pairs-tokenizer.json`, tokenizerJson(mergeLines.map((l) => l.split(' ')))) },
    'bpe_simple_vocab_16e6.txt.gz': { kind: 'openai-bpe', path: write(`${label}-bpe_simple_vocab_16e6.txt.gz`, bpe) },
  };
}

/** Loading `formats` must give the vocabulary and the ids of `reference`, on `texts`. */
function checkFormatsAgree(label: string, reference: TokenizerFiles & { kind: 'vocab-merges' }, texts: readonly string[], specialIds: [number, number]) {
  const formats = otherFormats(label, reference.vocab, reference.merges);
  const options = { contextLength: 77, truncate: true };
  let expected: Promise<{ vocabulary: string; ids: BigInt64Array }> | undefined;
  const referenceResults = () =>
    (expected ??= (async () => ({
      vocabulary: describeVocabulary(await readVocabulary(reference)),
      ids: (await loadTokenizer(reference)).tokenize(texts, options).data,
    }))());

  it.each(Object.keys(formats))('%s gives the same vocabulary and ids as vocab.json + merges.txt', async (name) => {
    const files = formats[name]!;
    const want = await referenceResults();
    expect(describeVocabulary(await readVocabulary(files)) === want.vocabulary).toBe(true);
    const tokenizer = await loadTokenizer(files);
    expect([tokenizer.startId, tokenizer.endId]).toEqual(specialIds);
    expect(tokenizer.tokenize(texts, options).data).toEqual(want.ids);
  });
}

const EXTRA_TEXTS = ["a photo of a jack-o'-lantern.", 'Ǆ ﬁve ＦＵＬＬ “quotes” &EACUTE;', '<|startoftext|>hello<|endoftext|>', 'the lowest hill'];

describe('the three vocabulary formats (a tiny vocabulary in OpenAI\'s layout)', () => {
  // Byte symbols, the same with </w>, the merges joined, then the special tokens: the layout the
  // OpenAI format derives, so all three formats can describe it.
  const merges = ['h i', 'l o', 'lo w</w>', 'lo w', 'low e', 'e s', 'es t</w>', 't h', 'th e</w>'];
  const symbols = [...BYTE_ALPHABET, ...BYTE_ALPHABET.map((c) => `${c}</w>`), ...merges.map((m) => m.replace(' ', '')), '<|startoftext|>', '<|endoftext|>'];
  const vocab = write('tiny-vocab.json', JSON.stringify(Object.fromEntries(symbols.map((symbol, id) => [symbol, id]))));
  checkFormatsAgree('tiny', { kind: 'vocab-merges', vocab, merges: write('tiny-merges.txt', `#version: 0.2\n${merges.join('\n')}\n`) }, EXTRA_TEXTS, [521, 522]);
});

describe.skipIf(!existsSync(join(MODEL, 'vocab.json')))('the three vocabulary formats (shared tiny-random-clip vocabulary)', () => {
  if (!existsSync(join(MODEL, 'vocab.json'))) return;
  const texts = existsSync(TOKENS) ? (JSON.parse(readFileSync(TOKENS, 'utf8')) as { text: string }[]).map((c) => c.text) : [];
  checkFormatsAgree('shared', { kind: 'vocab-merges', vocab: join(MODEL, 'vocab.json'), merges: join(MODEL, 'merges.txt') }, [...texts, ...EXTRA_TEXTS], [49406, 49407]);
});

/** A vocabulary as one string (sorted tokens, merges in order): deep-comparing 49k-entry maps is slow. */
function describeVocabulary(vocabulary: Vocabulary): string {
  return JSON.stringify([[...vocabulary.tokens].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)), vocabulary.merges]);
}

describe('tokenizer file errors', () => {
  const expectTokenizerError = async (files: TokenizerFiles, pattern: RegExp) => {
    const error = await loadTokenizer(files).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as ClipEvalError).code).toBe('TOKENIZER');
    expect((error as ClipEvalError).message).toMatch(pattern);
  };

  it('names a missing file', async () => {
    await expectTokenizerError({ kind: 'openai-bpe', path: join(dir, 'nope.txt.gz') }, /cannot read tokenizer file .*nope\.txt\.gz/);
  });

  it('rejects a tokenizer.json that is not a CLIP BPE', async () => {
    const wordPiece = write('wordpiece.json', JSON.stringify({ model: { type: 'WordPiece', vocab: {}, merges: [] } }));
    await expectTokenizerError({ kind: 'tokenizer-json', path: wordPiece }, /WordPiece model; only BPE/);
    const gpt2 = write('gpt2.json', JSON.stringify({ model: { type: 'BPE', vocab: {}, merges: [], end_of_word_suffix: '' } }));
    await expectTokenizerError({ kind: 'tokenizer-json', path: gpt2 }, /not a CLIP tokenizer/);
    await expectTokenizerError({ kind: 'tokenizer-json', path: write('broken.json', '{') }, /broken\.json is not valid JSON/);
  });

  it('rejects merges that do not belong to the vocabulary, naming the line', async () => {
    const vocab = write('small-vocab.json', JSON.stringify({ a: 0, b: 1, '<|startoftext|>': 2, '<|endoftext|>': 3 }));
    await expectTokenizerError({ kind: 'vocab-merges', vocab, merges: write('bad-merges.txt', '#version: 0.2\na b\n') }, /merge 1 \("a b"\) uses "ab"/);
    await expectTokenizerError({ kind: 'vocab-merges', vocab, merges: write('odd-merges.txt', '#version: 0.2\na b c\n') }, /odd-merges\.txt line 2: merge "a b c" is not two symbols/);
  });

  it('requires the start and end tokens in the vocabulary', async () => {
    const vocab = write('no-special.json', JSON.stringify({ a: 0 }));
    await expectTokenizerError({ kind: 'vocab-merges', vocab, merges: write('empty-merges.txt', '#version: 0.2\n') }, /has no <\|startoftext\|> token/);
  });
});
