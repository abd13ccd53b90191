import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootstrapLinearFit, expit, linearFit, logit, predictOnLogitAxes } from '../../src/metrics/logit-fit.js';

const ref = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'));

describe('logit-linear fits', () => {
  it('least squares matches scipy.stats.linregress', () => {
    const fit = linearFit(ref.linregress.x, ref.linregress.y);
    expect(fit.slope).toBeCloseTo(ref.linregress.slope, 12);
    expect(fit.intercept).toBeCloseTo(ref.linregress.intercept, 12);
    expect(fit.r).toBeCloseTo(ref.linregress.r, 12);
    expect(fit.residualStd).toBeCloseTo(ref.linregress.residual_std, 12);
  });
  it('logit and expit invert each other; predictions pass through the line', () => {
    for (const p of [1e-6, 0.2, 0.5, 0.97]) expect(expit(logit(p))).toBeCloseTo(p, 12);
    expect(predictOnLogitAxes({ slope: 1, intercept: 0 }, 0.7)).toBeCloseTo(0.7, 12);
    expect(predictOnLogitAxes({ slope: 2, intercept: 1 }, 0.5)).toBeCloseTo(expit(1), 12);
  });
  it('needs two distinct x', () => {
    expect(() => linearFit([1, 1, 1], [1, 2, 3])).toThrow(/distinct x/);
  });
  it('bootstrap band contains the fit, is reproducible from its seed, and widens away from the data', () => {
    const xs = ref.linregress.x as number[];
    const ys = ref.linregress.y as number[];
    const grid = [-6, 0, 6];
    const a = bootstrapLinearFit(xs, ys, grid, { seed: 3, resamples: 500, confidence: 0.95 });
    const b = bootstrapLinearFit(xs, ys, grid, { seed: 3, resamples: 500, confidence: 0.95 });
    expect([...a.lower]).toEqual([...b.lower]);
    const fit = linearFit(xs, ys);
    grid.forEach((x, i) => {
      const y = fit.slope * x + fit.intercept;
      expect(a.lower[i]!).toBeLessThan(y);
      expect(a.upper[i]!).toBeGreaterThan(y);
    });
    expect(a.upper[0]! - a.lower[0]!).toBeGreaterThan(a.upper[1]! - a.lower[1]!);
    expect(a.slope.lower).toBeLessThan(fit.slope);
    expect(a.slope.upper).toBeGreaterThan(fit.slope);
  });
});
