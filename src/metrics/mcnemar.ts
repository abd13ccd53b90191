import { ClipEvalError } from '../core/errors.js';
import { binomialCdf, binomialPmf } from './binomial.js';

/** McNemar's paired test of two classifiers on the same samples. */
export interface McNemarResult {
  /** Samples the first classifier got right and the second wrong. */
  readonly onlyFirst: number;
  /** Samples the second classifier got right and the first wrong. */
  readonly onlySecond: number;
  /** Exact two-sided p-value: the discordant pairs against Binomial(b + c, 1/2). */
  readonly pExact: number;
  /** Mid-p variant (less conservative; Fagerland et al. 2013 recommend it). */
  readonly pMid: number;
}

/** Compares per-sample correctness (1 = right) of two classifiers on the same samples in the same order. */
export function mcnemar(first: ArrayLike<number>, second: ArrayLike<number>): McNemarResult {
  if (first.length !== second.length) {
    throw new ClipEvalError('INPUT', `mcnemar: the two classifiers were scored on ${first.length} and ${second.length} samples; they must share samples`);
  }
  let b = 0;
  let c = 0;
  for (let i = 0; i < first.length; i++) {
    const x = first[i]! ? 1 : 0;
    const y = second[i]! ? 1 : 0;
    if (x > y) b++;
    else if (y > x) c++;
  }
  const n = b + c;
  if (n === 0) return { onlyFirst: 0, onlySecond: 0, pExact: 1, pMid: 1 };
  const k = Math.min(b, c);
  const pExact = Math.min(1, 2 * binomialCdf(k, n, 0.5));
  const pMid = Math.min(1, 2 * binomialCdf(k, n, 0.5) - binomialPmf(k, n, 0.5));
  return { onlyFirst: b, onlySecond: c, pExact, pMid };
}
