import { describe, expect, it } from 'vitest';
import { matmulTransposed } from '../../../src/core/linalg.js';
import { matrix, type Matrix } from '../../../src/core/tensor.js';
import { createRng, randomIndex } from '../../../src/metrics/random.js';
import { firstCorrectRanks, type CorrectTargets } from '../../../src/metrics/retrieval/ranks.js';
import { retrievalOracles } from '../oracles.js';

const BLOCKS = [1, 3, 16, 1000];

/** The naive version: the whole score matrix, then per query the targets above its best correct one. */
function bruteForce(queries: Matrix, targets: Matrix, correct: (q: number, t: number) => boolean): Int32Array {
  const s = matmulTransposed(queries, targets);
  return Int32Array.from({ length: queries.rows }, (_, q) => {
    let best = -Infinity;
    for (let t = 0; t < targets.rows; t++) if (correct(q, t)) best = Math.max(best, s.data[q * s.cols + t]!);
    let rank = 0;
    for (let t = 0; t < targets.rows; t++) if (s.data[q * s.cols + t]! > best) rank++;
    return rank;
  });
}

/** Seeded features; `levels` > 0 puts them on a small integer grid, where scores tie often. */
function features(seed: number, rows: number, dim: number, levels = 0): Matrix {
  const rng = createRng(seed);
  return matrix(Float32Array.from({ length: rows * dim }, () => (levels > 0 ? randomIndex(rng, levels) - (levels >> 1) : rng() * 2 - 1)), rows, dim);
}

/** Each query has 1 to 3 correct targets, drawn at random. */
function randomCorrect(seed: number, queries: number, targets: number): CorrectTargets {
  const rng = createRng(seed);
  const lists = Array.from({ length: queries }, () => [...new Set(Array.from({ length: 1 + randomIndex(rng, 3) }, () => randomIndex(rng, targets)))]);
  const offsets = Int32Array.from([0, ...lists.map((_, q) => lists.slice(0, q + 1).flat().length)]);
  return { offsets, targets: Int32Array.from(lists.flat()) };
}

function member({ offsets, targets }: CorrectTargets): (q: number, t: number) => boolean {
  return (q, t) => targets.subarray(offsets[q]!, offsets[q + 1]!).includes(t);
}

describe('firstCorrectRanks', () => {
  for (const oracle of retrievalOracles) {
    it(`${oracle.name}: matches NumPy's brute force for every block size`, () => {
      for (const block of BLOCKS) {
        expect(firstCorrectRanks(oracle.queries, oracle.targets, oracle.correct, block)).toEqual(oracle.ranks);
        expect(firstCorrectRanks(oracle.queries, oracle.targets, member(oracle.correct), block)).toEqual(oracle.ranks);
      }
    });
  }

  for (const [name, levels] of [['continuous features', 0], ['integer features with many ties', 3]] as const) {
    it(`${name}: blocked ranks equal the brute-force loop`, () => {
      const queries = features(1, 37, 5, levels);
      const targets = features(2, 53, 5, levels);
      const correct = randomCorrect(3, 37, 53);
      const expected = bruteForce(queries, targets, member(correct));
      if (levels > 0) expect(new Set(matmulTransposed(queries, targets).data).size).toBeLessThan(37 * 53 / 10);
      for (const block of BLOCKS) {
        expect(firstCorrectRanks(queries, targets, correct, block)).toEqual(expected);
        expect(firstCorrectRanks(queries, targets, member(correct), block)).toEqual(expected);
      }
    });
  }

  it('counts only targets strictly above the best correct one, so a tie ranks the correct target first', () => {
    const queries = matrix(Float32Array.from([1, 0]), 1, 2);
    const targets = matrix(Float32Array.from([1, 0, 2, 0, 1, 0, 0, 1]), 4, 2); // scores 1, 2, 1, 0
    expect(firstCorrectRanks(queries, targets, (_, t) => t === 2)).toEqual(Int32Array.from([1]));
    expect(firstCorrectRanks(queries, targets, (_, t) => t === 3)).toEqual(Int32Array.from([3]));
  });

  it('refuses inputs that do not fit, saying what is wrong', () => {
    const q = features(4, 3, 4);
    const t = features(5, 6, 4);
    const ok: CorrectTargets = { offsets: Int32Array.from([0, 1, 2, 3]), targets: Int32Array.from([0, 1, 2]) };
    expect(() => firstCorrectRanks(q, features(6, 6, 5), ok)).toThrow(/queries have 4 dimensions but targets 5/);
    expect(() => firstCorrectRanks(q, t, ok, 0)).toThrow(/blockRows must be a positive integer, got 0/);
    expect(() => firstCorrectRanks(q, t, { offsets: Int32Array.from([0, 1, 2]), targets: ok.targets })).toThrow(/3 entries for 3 queries/);
    expect(() => firstCorrectRanks(q, t, { offsets: ok.offsets, targets: Int32Array.from([0, 9, 2]) })).toThrow(/correct target 9 \(entry 1\) is outside the 6 targets/);
    expect(() => firstCorrectRanks(q, t, { offsets: Int32Array.from([0, 2, 1, 3]), targets: ok.targets })).toThrow(/offsets decrease at query 1/);
    expect(() => firstCorrectRanks(q, t, { offsets: Int32Array.from([0, 1, 1, 3]), targets: ok.targets })).toThrow(/query 1 has no correct target/);
    expect(() => firstCorrectRanks(q, t, (query) => query !== 2)).toThrow(/query 2 has no correct target/);
  });
});
