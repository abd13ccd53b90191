import { ClipEvalError } from '../core/errors.js';
import type { Interval } from './binomial.js';
import { percentileInterval } from './percentile.js';
import { createRng, randomIndex } from './random.js';

/** Callers pass every field (DEFAULTS.bootstrap in src/config holds the harness's). */
export interface BootstrapOptions {
  readonly resamples: number;
  /** Level of the percentile interval, e.g. 0.95. */
  readonly confidence: number;
  readonly seed: number;
}

/** Percentile bootstrap interval of the mean of `values` (e.g. 0/1 correctness of one group's images). */
export function bootstrapMeanInterval(values: ArrayLike<number>, options: BootstrapOptions): Interval {
  const n = values.length;
  if (n === 0) throw new ClipEvalError('INPUT', 'bootstrapMeanInterval: no values to resample (an empty group has no interval)');
  const { resamples } = options;
  const rng = createRng(options.seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[randomIndex(rng, n)]!;
    means[b] = sum / n;
  }
  return percentileInterval(means, options.confidence);
}
