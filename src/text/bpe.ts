/** A merge rule of BPE: two adjacent symbols that become one. */
export type Merge = readonly [string, string];

/** Marks the last symbol of a word, as CLIP's vocabulary does (`dog</w>` vs the `dog` inside `dogma`). */
export const END_OF_WORD = '</w>';

// Byte-level symbols never contain U+0000, so it can join a pair without ambiguity.
const pairKey = (a: string, b: string): string => `${a}\u0000${b}`;

/**
 * CLIP's BPE over one word of byte-level characters: repeatedly merge the adjacent pair with the
 * lowest rank (its line in the merges list), every non-overlapping occurrence left to right, until no
 * pair has a rank.
 */
export class BytePairEncoder {
  private readonly ranks = new Map<string, number>();

  constructor(merges: readonly Merge[]) {
    // A repeated pair keeps its last rank, as Python's dict(zip(merges, range(...))) does.
    merges.forEach(([a, b], rank) => this.ranks.set(pairKey(a, b), rank));
  }

  /** The symbols of a word (at least one character), the last one ending in `</w>`. */
  split(word: string): string[] {
    let symbols = [...word.slice(0, -1), word.slice(-1) + END_OF_WORD];
    while (symbols.length > 1) {
      const best = this.lowestRankedPair(symbols);
      if (best === undefined) break;
      symbols = mergeAll(symbols, best[0], best[1]);
    }
    return symbols;
  }

  private lowestRankedPair(symbols: readonly string[]): Merge | undefined {
    let best: Merge | undefined;
    let bestRank = Infinity;
    for (let i = 0; i + 1 < symbols.length; i++) {
      const rank = this.ranks.get(pairKey(symbols[i]!, symbols[i + 1]!));
      if (rank !== undefined && rank < bestRank) {
        bestRank = rank;
        best = [symbols[i]!, symbols[i + 1]!];
      }
    }
    return best;
  }
}

function mergeAll(symbols: readonly string[], first: string, second: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i++) {
    if (symbols[i] === first && symbols[i + 1] === second) {
      out.push(first + second);
      i++;
    } else {
      out.push(symbols[i]!);
    }
  }
  return out;
}
