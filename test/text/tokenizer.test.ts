import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { BYTE_ALPHABET } from '../../src/text/byte-unicode.js';
import { loadTokenizer, type ClipTokenizer } from '../../src/text/tokenizer.js';

/**
 * A project-trained vocabulary in vocab.json + merges.txt form, laid out unlike OpenAI's: the
 * special tokens come first (end = 0, start = 1), then the byte symbols, then three merges.
 */
function tinyVocabulary(): { vocab: Record<string, number>; merges: string } {
  const symbols = ['<|endoftext|>', '<|startoftext|>', ...BYTE_ALPHABET, ...BYTE_ALPHABET.map((c) => `${c}</w>`), 'hi</w>', 'lo', 'low</w>'];
  return {
    vocab: Object.fromEntries(symbols.map((s, id) => [s, id])),
    merges: '#version: 0.2\nh i</w>\nl o\nlo w</w>\n',
  };
}

let dir: string;
let tokenizer: ClipTokenizer;
const { vocab } = tinyVocabulary();
const id = (symbol: string) => vocab[symbol]!;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'clip-eval-tiny-vocab-'));
  const { merges } = tinyVocabulary();
  writeFileSync(join(dir, 'vocab.json'), JSON.stringify(vocab));
  writeFileSync(join(dir, 'merges.txt'), merges);
  tokenizer = await loadTokenizer({ kind: 'vocab-merges', vocab: join(dir, 'vocab.json'), merges: join(dir, 'merges.txt') });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = (texts: string[], contextLength: number, truncate = true, padId?: number) =>
  [...tokenizer.tokenize(texts, { contextLength, truncate, padId }).data].map(Number);

describe('ClipTokenizer on a custom vocabulary', () => {
  it('reads the start and end ids from the vocabulary', () => {
    expect([tokenizer.startId, tokenizer.endId, tokenizer.vocabSize]).toEqual([1, 0, 2 + 512 + 3]);
  });

  it('applies the merges with </w> on the last symbol of each word only', () => {
    expect(tokenizer.encode('Hi LOW')).toEqual([id('hi</w>'), id('low</w>')]);
    // "hil": the merge "h i</w>" needs i at the end of the word, so nothing merges.
    expect(tokenizer.encode('hil')).toEqual([id('h'), id('i'), id('l</w>')]);
    // "lowlow": "l o" merges twice, "lo w</w>" only at the end.
    expect(tokenizer.encode('lowlow')).toEqual([id('lo'), id('w'), id('low</w>')]);
  });

  it('maps the UTF-8 bytes of non-ASCII text through the byte alphabet', () => {
    // 'é' is C3 A9; both bytes stand for themselves in the alphabet.
    expect(tokenizer.encode('é')).toEqual([id('\u00c3'), id('\u00a9</w>')]);
    // A space-free run of punctuation is one piece; a digit is a piece of its own.
    expect(tokenizer.encode('?!7')).toEqual([id('?'), id('!</w>'), id('7</w>')]);
  });

  it('encodes the special tokens written in the text as their own ids', () => {
    expect(tokenizer.encode('<|startoftext|>hi<|ENDOFTEXT|>')).toEqual([1, id('hi</w>'), 0]);
  });

  it('wraps with start and end, then pads with 0 or the given pad id', () => {
    expect(rows(['hi', ''], 5)).toEqual([1, id('hi</w>'), 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(rows(['hi'], 5, true, 7)).toEqual([1, id('hi</w>'), 0, 7, 7]);
    expect(tokenizer.tokenize(['hi', 'low'], { contextLength: 5, truncate: true }).dims).toEqual([2, 5]);
  });

  it('truncates to start + (contextLength - 2) tokens + end, keeping exact fits whole', () => {
    expect(rows(['hi low hi'], 5)).toEqual([1, id('hi</w>'), id('low</w>'), id('hi</w>'), 0]);
    expect(rows(['hi low hi low'], 5)).toEqual([1, id('hi</w>'), id('low</w>'), id('hi</w>'), 0]);
    expect(rows(['hi low hi'], 5, false)).toEqual([1, id('hi</w>'), id('low</w>'), id('hi</w>'), 0]);
  });

  it('names the text and its length when it is too long and truncation is off', () => {
    const call = () => tokenizer.tokenize(['hi', 'hi low hi low'], { contextLength: 5, truncate: false });
    expect(call).toThrow(ClipEvalError);
    expect(call).toThrow(/text 2 "hi low hi low" is 6 tokens long .* context length 5; .*--truncate/);
  });

  it('rejects a context length without room for start and end, and a bad pad id', () => {
    expect(() => tokenizer.tokenize(['hi'], { contextLength: 1, truncate: true })).toThrow(/contextLength must be an integer >= 2/);
    expect(() => tokenizer.tokenize(['hi'], { contextLength: 5, truncate: true, padId: -1 })).toThrow(/padId must be a non-negative integer/);
  });
});
