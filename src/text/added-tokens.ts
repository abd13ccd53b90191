import { pythonLstrip, pythonRstrip } from './clean.js';
import type { AddedTokenSpec } from './tokenizer-config.js';

/**
 * How transformers' slow tokenizers (PreTrainedTokenizer.tokenize, tokenization_utils.py) treat added tokens:
 * the text is lower-cased except where a special token stands, cut at every added token (Trie.split,
 * longest match first), and an added token with lstrip/rstrip eats the whitespace beside it. Positions
 * are code points, as in Python strings.
 */

interface TrieNode {
  readonly next: Map<string, TrieNode>;
  end: boolean;
}

const node = (): TrieNode => ({ next: new Map(), end: false });

/** transformers' `Trie`: `split` cuts a text along the words added to it, the longest match first. */
export class AddedTokensTrie {
  private readonly root = node();

  constructor(words: Iterable<string>) {
    for (const word of words) {
      if (word === '') continue;
      let at = this.root;
      for (const char of word) {
        let child = at.next.get(char);
        if (!child) at.next.set(char, (child = node()));
        at = child;
      }
      at.end = true;
    }
  }

  /** Trie.split, step for step (its lookahead prefers the longest match among the earliest starts). */
  split(text: string): string[] {
    const chars = [...text];
    let states = new Map<number, TrieNode>(); // start -> partial match, in insertion order like Python's dict
    const offsets = [0];
    let skip = 0;
    for (let current = 0; current < chars.length; current++) {
      const char = chars[current]!;
      if (skip && current < skip) continue;
      const toRemove = new Set<number>();
      let reset = false;
      for (const [start0, pointer] of states) {
        let start = start0;
        if (pointer.end) {
          let end = current;
          for (const [lookstart, lookPointer0] of states) {
            let lookPointer = lookPointer0;
            if (lookstart > start) break;
            let lookahead = lookstart < start ? current + 1 : current;
            end = lookahead;
            let next = lookahead < chars.length ? chars[lookahead] : undefined;
            if (lookPointer.end) {
              start = lookstart;
              end = lookahead;
              skip = lookahead;
            }
            while (next !== undefined && lookPointer.next.has(next)) {
              lookPointer = lookPointer.next.get(next)!;
              lookahead++;
              if (lookPointer.end) {
                start = lookstart;
                end = lookahead;
                skip = lookahead;
              }
              if (lookahead === chars.length) break;
              next = chars[lookahead];
            }
          }
          offsets.push(start, end);
          reset = true;
          break;
        } else if (pointer.next.has(char)) {
          states.set(start, pointer.next.get(char)!);
        } else {
          toRemove.add(start);
        }
      }
      if (reset) states = new Map();
      else for (const start of toRemove) states.delete(start);
      const first = this.root.next.get(char);
      if (current >= skip && first) states.set(current, first);
    }
    for (const [start, pointer] of states) {
      if (pointer.end) {
        offsets.push(start, chars.length);
        break;
      }
    }
    offsets.push(chars.length);
    const pieces: string[] = [];
    let start = 0;
    for (const end of offsets) {
      if (start >= end) continue;
      pieces.push(chars.slice(start, end).join(''));
      start = end;
    }
    return pieces;
  }
}

/**
 * `re.sub("(special|...)|(.+?)", lambda m: m[1] or m[2].lower(), text)`: every code point lower-cased on
 * its own, except inside the spared tokens (tried in order at each position) and `\n` (which `.` skips).
 */
export function lowerCaseSparing(text: string, spared: readonly string[]): string {
  const tokens = spared.filter((t) => t !== '');
  let out = '';
  for (let at = 0; at < text.length; ) {
    const token = tokens.find((t) => text.startsWith(t, at));
    if (token !== undefined) {
      out += token;
      at += token.length;
      continue;
    }
    const char = String.fromCodePoint(text.codePointAt(at)!);
    out += char === '\n' ? char : char.toLowerCase();
    at += char.length;
  }
  return out;
}

/** A piece of text after the split: an added token, or text for the model. */
export interface TextPiece {
  readonly text: string;
  readonly added: boolean;
}

/**
 * The split of PreTrainedTokenizer.tokenize: cut at the added tokens, then each added token's rstrip
 * strips the start of the piece after it, lstrip the end of the piece before it, and single_word glues
 * it to a neighbouring word. Empty pieces are dropped.
 */
export function splitOnAddedTokens(text: string, trie: AddedTokensTrie, added: ReadonlyMap<string, AddedTokenSpec>): TextPiece[] {
  const pieces = trie.split(text);
  pieces.forEach((piece, i) => {
    const token = added.get(piece);
    if (!token) return;
    const left = i > 0 ? pieces[i - 1] : undefined;
    const right = i < pieces.length - 1 ? pieces[i + 1] : undefined;
    if (token.rstrip && right) pieces[i + 1] = pythonLstrip(right);
    if (token.lstrip && left) pieces[i - 1] = pythonRstrip(left);
    if (token.singleWord && left && !left.endsWith(' ')) {
      pieces[i - 1] += piece;
      pieces[i] = '';
    } else if (token.singleWord && right && !right.startsWith(' ')) {
      pieces[i + 1] = piece + pieces[i + 1];
      pieces[i] = '';
    }
  });
  return pieces.filter((p) => p !== '').map((p) => ({ text: p, added: added.has(p) }));
}
