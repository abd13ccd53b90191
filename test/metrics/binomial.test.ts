import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { binomialCdf, binomialPmf, clopperPearson } from '../../src/metrics/binomial.js';

const ref = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'));
const ATOL = 1e-10;

describe('Clopper-Pearson and binomial tails', () => {
  it('matches SciPy beta quantiles, including the 0 and n ends', () => {
    for (const c of ref.clopper_pearson) {
      const { lower, upper } = clopperPearson(c.k, c.n, c.alpha);
      expect(Math.abs(lower - c.lower)).toBeLessThan(ATOL);
      expect(Math.abs(upper - c.upper)).toBeLessThan(ATOL);
    }
  });
  it('binomial cdf matches SciPy and sums the pmf', () => {
    for (const c of ref.binomial_cdf) expect(Math.abs(binomialCdf(c.k, c.n, c.p) - c.value)).toBeLessThan(ATOL);
    let sum = 0;
    for (let k = 0; k <= 7; k++) sum += binomialPmf(k, 20, 0.3);
    expect(binomialCdf(7, 20, 0.3)).toBeCloseTo(sum, 12);
  });
  it('rejects counts that are not counts', () => {
    expect(() => clopperPearson(5, 0)).toThrow(/n > 0/);
    expect(() => clopperPearson(11, 10)).toThrow(/k <= n/);
  });
});
