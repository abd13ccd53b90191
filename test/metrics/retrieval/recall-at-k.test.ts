import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../../src/core/errors.js';
import { recallAt, recallAtK } from '../../../src/metrics/retrieval/recall-at-k.js';

describe('recallAtK', () => {
  const ranks = Int32Array.from([0, 4, 5, 0, 12, 1, 9, 10]);

  it('is the fraction of queries ranked below k', () => {
    expect(recallAtK(ranks, 1)).toBe(2 / 8);
    expect(recallAtK(ranks, 5)).toBe(4 / 8);
    expect(recallAtK(ranks, 10)).toBe(6 / 8);
    expect(recallAtK(ranks, 13)).toBe(1);
    expect(recallAt(5).compute(ranks)).toBe(recallAtK(ranks, 5));
  });

  it('is undefined (NaN) without queries and refuses a k that is not a positive integer', () => {
    expect(recallAtK(new Int32Array(0), 1)).toBeNaN();
    for (const k of [0, -1, 1.5]) expect(() => recallAtK(ranks, k)).toThrow(ClipEvalError);
    expect(() => recallAtK(ranks, 0)).toThrow(/k must be a positive integer, got 0/);
  });
});
