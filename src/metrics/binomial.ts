import { ClipEvalError } from '../core/errors.js';
import { betaQuantile, logGamma, regularizedBeta } from './special-functions.js';

/** A two-sided interval for a proportion, as fractions in [0, 1]. */
export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

function checkCounts(k: number, n: number, where: string): void {
  if (!Number.isInteger(n) || n <= 0 || !Number.isInteger(k) || k < 0 || k > n) {
    throw new ClipEvalError('INPUT', `${where}: needs whole counts 0 <= k <= n with n > 0, got k=${k}, n=${n}`);
  }
}

/**
 * Clopper-Pearson ("exact") interval for k successes in n trials at level 1 - alpha: the Beta(k, n-k+1)
 * alpha/2 quantile and the Beta(k+1, n-k) 1-alpha/2 quantile, with 0 and 1 at the ends.
 */
export function clopperPearson(k: number, n: number, alpha = 0.05): Interval {
  checkCounts(k, n, 'clopperPearson');
  return {
    lower: k === 0 ? 0 : betaQuantile(alpha / 2, k, n - k + 1),
    upper: k === n ? 1 : betaQuantile(1 - alpha / 2, k + 1, n - k),
  };
}

/** P(X = k) for X ~ Binomial(n, p). */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logChoose = logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X <= k) for X ~ Binomial(n, p), through the incomplete beta function. */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  return regularizedBeta(1 - p, n - k, k + 1);
}
