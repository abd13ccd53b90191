import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { betaQuantile, logGamma, regularizedBeta } from '../../src/metrics/special-functions.js';

const ref = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'));
const RTOL = 1e-9;

describe('special functions against SciPy (tools/metrics_reference.py)', () => {
  it('log-gamma', () => {
    for (const c of ref.log_gamma) expect(logGamma(c.x)).toBeCloseTo(c.value, 8);
  });
  it('regularised incomplete beta', () => {
    for (const c of ref.regularized_beta) expect(Math.abs(regularizedBeta(c.x, c.a, c.b) - c.value)).toBeLessThan(RTOL * Math.max(1, c.value) + 1e-12);
  });
  it('beta quantile inverts it', () => {
    for (const c of ref.beta_quantile) expect(Math.abs(betaQuantile(c.p, c.a, c.b) - c.value)).toBeLessThan(1e-10);
  });
});
