import { describe, expect, it } from 'vitest';
import { AddedTokensTrie, lowerCaseSparing, splitOnAddedTokens } from '../../src/text/added-tokens.js';
import type { AddedTokenSpec } from '../../src/text/tokenizer-config.js';

const token = (content: string, flags: Partial<AddedTokenSpec> = {}): [string, AddedTokenSpec] => [
  content,
  { content, lstrip: false, rstrip: false, singleWord: false, normalized: false, special: true, ...flags },
];

describe("transformers' added-token handling (tokenization_utils.py)", () => {
  it('splits as Trie.split does, the longest match first (its docstring examples)', () => {
    expect(new AddedTokensTrie([]).split('[CLS] This is a extra_id_100')).toEqual(['[CLS] This is a extra_id_100']);
    const trie = new AddedTokensTrie(['[CLS]', 'extra_id_1', 'extra_id_100']);
    expect(trie.split('[CLS] This is a extra_id_100')).toEqual(['[CLS]', ' This is a ', 'extra_id_100']);
    expect(new AddedTokensTrie(['A', 'P', '[SPECIAL]']).split('[CLS] This is a extra_id_100')).toEqual(['[CLS] This is a extra_id_100']);
    expect(new AddedTokensTrie(['AB', 'B', 'C']).split('ABC')).toEqual(['AB', 'C']);
    expect(new AddedTokensTrie(['ABC', 'B', 'CD']).split('ABCD')).toEqual(['ABC', 'D']);
    expect(new AddedTokensTrie(['abc', 'bcdef']).split('abcdefgh')).toEqual(['abc', 'defgh']);
    expect(new AddedTokensTrie(['</s>']).split('a</s></s>😀</s>')).toEqual(['a', '</s>', '</s>', '😀', '</s>']);
  });

  it('lower-cases code point by code point, sparing the special tokens and newlines', () => {
    expect(lowerCaseSparing('A </S> </s> <UNK> İΣ\nÉ', ['</s>', '<UNK>'])).toBe('a </s> </s> <UNK> i\u0307σ\né');
  });

  it('strips whitespace beside tokens with lstrip / rstrip and glues a single_word token to the word before it', () => {
    const added = new Map([token('</s>', { lstrip: true, rstrip: true }), token('<x>'), token('<w>', { singleWord: true })]);
    const trie = new AddedTokensTrie(added.keys());
    expect(splitOnAddedTokens('a \t</s>\u00a0 b <x> c', trie, added)).toEqual([
      { text: 'a', added: false },
      { text: '</s>', added: true },
      { text: 'b ', added: false },
      { text: '<x>', added: true },
      { text: ' c', added: false },
    ]);
    // As in PreTrainedTokenizer.tokenize, only to the left piece: 'cd' stays apart.
    expect(splitOnAddedTokens('ab<w>cd <w> e', trie, added)).toEqual([
      { text: 'ab<w>', added: false },
      { text: 'cd ', added: false },
      { text: '<w>', added: true },
      { text: ' e', added: false },
    ]);
  });
});
