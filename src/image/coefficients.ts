/**
 * Pillow's convolution filters and their per-output coefficient tables (libImaging/Resample.c, reimplemented
 * from its published algorithm): each output pixel is a weighted sum over a window of input pixels whose
 * width grows with the reduction factor, which is what antialiases downscaling.
 */

/** Keys' cubic convolution with a = -0.5, support 2 (Pillow's BICUBIC). */
function bicubic(x: number): number {
  const a = -0.5;
  const t = Math.abs(x);
  if (t < 1) return ((a + 2) * t - (a + 3)) * t * t + 1;
  if (t < 2) return (((t - 5) * t + 8) * t - 4) * a;
  return 0;
}

/** The triangle filter, support 1 (Pillow's BILINEAR). */
function bilinear(x: number): number {
  const t = Math.abs(x);
  return t < 1 ? 1 - t : 0;
}

export const CONVOLUTION_FILTERS = {
  bicubic: { support: 2, weight: bicubic },
  bilinear: { support: 1, weight: bilinear },
} as const;

export type ConvolutionFilter = keyof typeof CONVOLUTION_FILTERS;

/** Fixed-point fraction bits of the 8-bit path: 32 - 8 bits of sample - 2 bits of headroom. */
export const PRECISION_BITS = 22;

export interface AxisCoefficients {
  /** Taps reserved per output (the widest window). */
  readonly taps: number;
  /** Per output: first input index, then the number of inputs used. */
  readonly bounds: Int32Array;
  /** Per output, `taps` weights normalised to sum to 1 (zero past the used count). */
  readonly weights: Float64Array;
}

/**
 * Coefficients for outputs `first .. first + count - 1` of an axis resized from `inSize` to `outSize`.
 * Computing a window of outputs gives exactly the values the full table has there; the arithmetic (and its
 * order) follows Pillow so that the float64 weights, and hence the rounded results, are identical.
 */
export function axisCoefficients(
  inSize: number,
  outSize: number,
  filter: ConvolutionFilter,
  first: number,
  count: number,
): AxisCoefficients {
  const { support: baseSupport, weight } = CONVOLUTION_FILTERS[filter];
  const scale = inSize / outSize;
  const filterScale = Math.max(scale, 1);
  const support = baseSupport * filterScale;
  const taps = Math.ceil(support) * 2 + 1;
  const bounds = new Int32Array(count * 2);
  const weights = new Float64Array(count * taps);
  const inverse = 1 / filterScale;
  for (let i = 0; i < count; i++) {
    const center = (first + i + 0.5) * scale;
    // C's (int) cast truncates towards zero.
    const xmin = Math.max(0, Math.trunc(center - support + 0.5));
    const xmax = Math.min(inSize, Math.trunc(center + support + 0.5)) - xmin;
    const base = i * taps;
    let total = 0;
    for (let x = 0; x < xmax; x++) {
      const w = weight((x + xmin - center + 0.5) * inverse);
      weights[base + x] = w;
      total += w;
    }
    if (total !== 0) for (let x = 0; x < xmax; x++) weights[base + x]! /= total;
    bounds[i * 2] = xmin;
    bounds[i * 2 + 1] = xmax;
  }
  return { taps, bounds, weights };
}

/** The 8-bit path's integer weights: each weight times 2^22, rounded half away from zero. */
export function fixedPointWeights(weights: Float64Array): Int32Array {
  const out = new Int32Array(weights.length);
  const one = 1 << PRECISION_BITS;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    out[i] = Math.trunc(w < 0 ? w * one - 0.5 : w * one + 0.5);
  }
  return out;
}
