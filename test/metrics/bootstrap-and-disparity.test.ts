import { describe, expect, it } from 'vitest';
import { bootstrapMeanInterval } from '../../src/metrics/bootstrap.js';
import { disparity } from '../../src/metrics/disparity.js';
import { percentileOfSorted } from '../../src/metrics/percentile.js';
import { createRng, permutation } from '../../src/metrics/random.js';

describe('bootstrap, percentiles, disparities', () => {
  it('percentiles follow NumPy lower/higher/linear', () => {
    const s = [1, 2, 3, 4];
    expect(percentileOfSorted(s, 50, 'linear')).toBe(2.5);
    expect(percentileOfSorted(s, 50, 'lower')).toBe(2);
    expect(percentileOfSorted(s, 50, 'higher')).toBe(3);
  });
  it('bootstrap interval of a proportion is near the normal approximation', () => {
    const values = Array.from({ length: 400 }, (_, i) => (i % 4 === 0 ? 0 : 1));
    const { lower, upper } = bootstrapMeanInterval(values, { seed: 1, resamples: 2000, confidence: 0.95 });
    const se = Math.sqrt((0.75 * 0.25) / 400);
    expect(lower).toBeGreaterThan(0.75 - 2.4 * se);
    expect(lower).toBeLessThan(0.75 - 1.6 * se);
    expect(upper).toBeGreaterThan(0.75 + 1.6 * se);
    expect(upper).toBeLessThan(0.75 + 2.4 * se);
    expect(() => bootstrapMeanInterval([], { seed: 0, resamples: 10, confidence: 0.95 })).toThrow(/empty group/);
  });
  it('seeded generator and permutations are reproducible', () => {
    expect([...permutation(createRng(5), 10)]).toEqual([...permutation(createRng(5), 10)]);
    expect([...permutation(createRng(5), 10)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
  it('disparity: gap, ratio and groups without values', () => {
    const d = disparity([
      { group: 'a', value: 0.9 },
      { group: 'b', value: 0.6 },
      { group: 'c', value: null },
    ]);
    expect(d.best).toBe('a');
    expect(d.worst).toBe('b');
    expect(d.maxMinGap).toBeCloseTo(0.3, 12);
    expect(d.minMaxRatio).toBeCloseTo(2 / 3, 12);
    expect(d.ratioToBest.get('c')).toBeNull();
    expect(disparity([{ group: 'a', value: 0.5 }]).maxMinGap).toBeNull();
  });
});
