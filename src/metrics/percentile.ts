/** How a percentile between two order statistics is chosen (NumPy's `method` names). */
export type PercentileMethod = 'lower' | 'higher' | 'linear';

/** The q-th percentile (q in [0, 100]) of values sorted ascending. */
export function percentileOfSorted(sorted: ArrayLike<number>, q: number, method: PercentileMethod = 'linear'): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const pos = (q / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  switch (method) {
    case 'lower':
      return sorted[lo]!;
    case 'higher':
      return sorted[hi]!;
    case 'linear':
      return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
    default: {
      const never: never = method;
      throw new Error(`unknown percentile method ${String(never)}`);
    }
  }
}

/**
 * The central `confidence` interval of a bootstrap distribution, taking the order statistics on the
 * outside of each end ('lower' below, 'higher' above) so the interval never shrinks by interpolation,
 * as imagenet-testbed's bootstrap bands do.
 */
export function percentileInterval(samples: Float64Array, confidence: number): { lower: number; upper: number } {
  const sorted = Float64Array.from(samples).sort();
  const tail = ((1 - confidence) / 2) * 100;
  return { lower: percentileOfSorted(sorted, tail, 'lower'), upper: percentileOfSorted(sorted, 100 - tail, 'higher') };
}
