/**
 * Pillow's separable convolution resize (libImaging/Resample.c, reimplemented from its published
 * algorithm): a horizontal pass over the input rows the vertical pass needs, then a vertical pass, each
 * rounding to the image's sample type. 8-bit modes use 22-bit fixed-point weights and clip to 0..255; mode
 * 'I' uses the float64 weights and rounds half away from zero, unclipped.
 *
 * Only a window of the resized image is computed (the centre crop): every output pixel depends on its own
 * coefficients alone, so the window is bit-identical to the same pixels of a full resize.
 */
import { axisCoefficients, fixedPointWeights, PRECISION_BITS, type AxisCoefficients, type ConvolutionFilter } from './coefficients.js';
import { cropImage, withPixels, zeroSamples, type PilImage } from './pil-image.js';

export interface Window {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

interface Kernel extends AxisCoefficients {
  /** Integer weights for 8-bit samples, float64 ones for 32-bit integers. */
  readonly factors: Int32Array | Float64Array;
  /** Starting value of every sum: half of one fixed-point unit for 8-bit samples (rounding), else 0. */
  readonly start: number;
}

function kernel(image: PilImage, coefficients: AxisCoefficients): Kernel {
  return image.mode === 'I'
    ? { ...coefficients, factors: coefficients.weights, start: 0 }
    : { ...coefficients, factors: fixedPointWeights(coefficients.weights), start: 1 << (PRECISION_BITS - 1) };
}

const EIGHT_BIT_MAX = 1 << (PRECISION_BITS + 8);

/** Store one row of sums as samples of the output's type. */
function storeRow(sums: Float64Array, out: Uint8Array | Int32Array, offset: number): void {
  if (out instanceof Uint8Array) {
    for (let i = 0; i < sums.length; i++) {
      const s = sums[i]!;
      out[offset + i] = s <= 0 ? 0 : s >= EIGHT_BIT_MAX ? 255 : s >> PRECISION_BITS;
    }
  } else {
    for (let i = 0; i < sums.length; i++) {
      const s = sums[i]!;
      out[offset + i] = Math.trunc(s >= 0 ? s + 0.5 : s - 0.5);
    }
  }
}

/** Horizontal pass over input rows `rowFirst .. rowFirst + rowCount - 1`. */
function horizontalPass<T extends PilImage>(image: T, k: Kernel, rowFirst: number, rowCount: number): T {
  const c = image.channels;
  const src = image.data;
  const outWidth = k.bounds.length / 2;
  const out = zeroSamples(image, outWidth * rowCount * c);
  const sums = new Float64Array(outWidth * c);
  const { bounds, factors, taps, start } = k;
  for (let row = 0; row < rowCount; row++) {
    const rowBase = (rowFirst + row) * image.width * c;
    for (let xx = 0; xx < outWidth; xx++) {
      const first = rowBase + bounds[xx * 2]! * c;
      const used = bounds[xx * 2 + 1]!;
      const kBase = xx * taps;
      for (let ch = 0; ch < c; ch++) {
        let s = start;
        for (let t = 0, p = first + ch; t < used; t++, p += c) s += src[p]! * factors[kBase + t]!;
        sums[xx * c + ch] = s;
      }
    }
    storeRow(sums, out, row * outWidth * c);
  }
  return withPixels(image, outWidth, rowCount, out);
}

/** Vertical pass; the kernel's bounds index rows of `image` (already shifted to its first row). */
function verticalPass<T extends PilImage>(image: T, k: Kernel): T {
  const rowLength = image.width * image.channels;
  const src = image.data;
  const outHeight = k.bounds.length / 2;
  const out = zeroSamples(image, rowLength * outHeight);
  const sums = new Float64Array(rowLength);
  const { bounds, factors, taps, start } = k;
  for (let yy = 0; yy < outHeight; yy++) {
    sums.fill(start);
    const used = bounds[yy * 2 + 1]!;
    for (let t = 0; t < used; t++) {
      const w = factors[yy * taps + t]!;
      const base = (bounds[yy * 2]! + t) * rowLength;
      for (let i = 0; i < rowLength; i++) sums[i]! += src[base + i]! * w;
    }
    storeRow(sums, out, yy * rowLength);
  }
  return withPixels(image, image.width, outHeight, out);
}

/**
 * The `window` of `image` resized to `outWidth` x `outHeight` with a convolution filter. Like Pillow, an
 * axis whose size does not change is not resampled at all. The window must lie inside the output.
 */
export function convolutionResize<T extends PilImage>(
  image: T,
  outWidth: number,
  outHeight: number,
  filter: ConvolutionFilter,
  window: Window,
): T {
  const horizontal = outWidth !== image.width;
  const vertical = outHeight !== image.height;
  let rowFirst = window.top;
  let rowCount = window.height;
  let rows: Kernel | undefined;
  if (vertical) {
    rows = kernel(image, axisCoefficients(image.height, outHeight, filter, window.top, window.height));
    const last = window.height - 1;
    rowFirst = rows.bounds[0]!;
    rowCount = rows.bounds[last * 2]! + rows.bounds[last * 2 + 1]! - rowFirst;
    for (let i = 0; i < window.height; i++) rows.bounds[i * 2]! -= rowFirst;
  }
  const columns = horizontal
    ? horizontalPass(image, kernel(image, axisCoefficients(image.width, outWidth, filter, window.left, window.width)), rowFirst, rowCount)
    : cropImage(image, window.left, rowFirst, window.width, rowCount);
  return rows === undefined ? columns : verticalPass(columns, rows);
}
