import { ClipEvalError } from '../core/errors.js';
import type { BootstrapOptions } from './bootstrap.js';
import type { Interval } from './binomial.js';
import { percentileInterval } from './percentile.js';
import { createRng, randomIndex } from './random.js';

export interface PairedBootstrap {
  /** Mean of b minus mean of a. */
  readonly difference: number;
  readonly interval: Interval;
  /** Two-sided bootstrap p-value of no difference: twice the smaller share of resampled differences on either side of 0. */
  readonly p: number;
}

/**
 * Paired percentile bootstrap of the difference of two means over the same items (e.g. two models' 0/1
 * hits on the same retrieval queries): each resample draws the items once and takes both values of each.
 */
export function pairedBootstrap(a: ArrayLike<number>, b: ArrayLike<number>, options: BootstrapOptions): PairedBootstrap {
  const n = a.length;
  if (n !== b.length) throw new ClipEvalError('INPUT', `pairedBootstrap: ${n} values against ${b.length}; the two must score the same items`);
  if (n === 0) throw new ClipEvalError('INPUT', 'pairedBootstrap: no values to resample');
  let sum = 0;
  for (let i = 0; i < n; i++) sum += b[i]! - a[i]!;
  const rng = createRng(options.seed);
  const diffs = new Float64Array(options.resamples);
  let below = 0;
  let above = 0;
  for (let r = 0; r < options.resamples; r++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const j = randomIndex(rng, n);
      s += b[j]! - a[j]!;
    }
    diffs[r] = s / n;
    if (diffs[r]! <= 0) below++;
    if (diffs[r]! >= 0) above++;
  }
  return { difference: sum / n, interval: percentileInterval(diffs, options.confidence), p: Math.min(1, (2 * Math.min(below, above)) / options.resamples) };
}
