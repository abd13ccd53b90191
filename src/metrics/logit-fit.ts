import { ClipEvalError } from '../core/errors.js';
import type { Interval } from './binomial.js';
import type { BootstrapOptions } from './bootstrap.js';
import { percentileInterval } from './percentile.js';
import { createRng, randomIndex } from './random.js';

/** log(p / (1 - p)); ±Infinity at 0 and 1. */
export function logit(p: number): number {
  return Math.log(p) - Math.log1p(-p);
}

export function expit(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** An ordinary least-squares line y = slope * x + intercept and how well it fits. */
export interface LinearFit {
  readonly slope: number;
  readonly intercept: number;
  /** Pearson correlation of x and y. */
  readonly r: number;
  readonly rSquared: number;
  /** Root mean square of the residuals with n - 2 degrees of freedom. */
  readonly residualStd: number;
  readonly n: number;
}

/** Least squares of ys on xs (as scipy.stats.linregress). Needs two points with distinct x. */
export function linearFit(xs: ArrayLike<number>, ys: ArrayLike<number>): LinearFit {
  const n = xs.length;
  if (n !== ys.length) throw new ClipEvalError('INPUT', `linearFit: ${n} x values but ${ys.length} y values`);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (n < 2 || !(sxx > 0)) throw new ClipEvalError('INPUT', `linearFit: needs at least 2 points with distinct x, got ${n}`);
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const r = syy > 0 ? sxy / Math.sqrt(sxx * syy) : 1;
  const sse = Math.max(0, syy - slope * sxy);
  return { slope, intercept, r, rSquared: r * r, residualStd: n > 2 ? Math.sqrt(sse / (n - 2)) : 0, n };
}

/** The fitted line's prediction of the shifted accuracy from an in-distribution accuracy, both on [0, 1]. */
export function predictOnLogitAxes(fit: Pick<LinearFit, 'slope' | 'intercept'>, x: number): number {
  return expit(fit.slope * logit(x) + fit.intercept);
}

/** Bootstrap of a line fit: intervals for its coefficients and a pointwise band over a grid of x values. */
export interface FitBootstrap {
  readonly slope: Interval;
  readonly intercept: Interval;
  readonly grid: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
}

/**
 * Resamples the points with replacement, refits, and takes percentile intervals of the coefficients and
 * of the fitted value at each grid x (imagenet-testbed's band). Resamples whose x values are all equal
 * have no line and are drawn again.
 */
export function bootstrapLinearFit(xs: ArrayLike<number>, ys: ArrayLike<number>, grid: ArrayLike<number>, options: BootstrapOptions): FitBootstrap {
  const n = xs.length;
  if (n < 2) throw new ClipEvalError('INPUT', `bootstrapLinearFit: needs at least 2 points, got ${n}`);
  const { resamples, confidence } = options;
  const rng = createRng(options.seed);
  const slopes = new Float64Array(resamples);
  const intercepts = new Float64Array(resamples);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  for (let b = 0; b < resamples; b++) {
    let fit: LinearFit | undefined;
    for (let attempt = 0; fit === undefined; attempt++) {
      for (let i = 0; i < n; i++) {
        const j = randomIndex(rng, n);
        bx[i] = xs[j]!;
        by[i] = ys[j]!;
      }
      if (bx.some((x) => x !== bx[0])) fit = linearFit(bx, by);
      else if (attempt > 1000) throw new ClipEvalError('INPUT', 'bootstrapLinearFit: every resample had a single distinct x');
    }
    slopes[b] = fit.slope;
    intercepts[b] = fit.intercept;
  }
  const lower = new Float64Array(grid.length);
  const upper = new Float64Array(grid.length);
  const values = new Float64Array(resamples);
  for (let g = 0; g < grid.length; g++) {
    for (let b = 0; b < resamples; b++) values[b] = slopes[b]! * grid[g]! + intercepts[b]!;
    const band = percentileInterval(values, confidence);
    lower[g] = band.lower;
    upper[g] = band.upper;
  }
  return {
    slope: percentileInterval(slopes, confidence),
    intercept: percentileInterval(intercepts, confidence),
    grid: Float64Array.from(grid),
    lower,
    upper,
  };
}
