/**
 * Pillow's NEAREST resize, which it runs as an affine scaling (libImaging/Geometry.c): output pixel x takes
 * input pixel `floor(scale * 0.5 + x * scale)`, the position accumulated by repeated float64 addition —
 * reproduced step by step because the accumulated rounding decides some picks.
 */
import { withPixels, zeroSamples, type PilImage } from './pil-image.js';
import type { Window } from './resample.js';

/** Input index for each of `count` outputs from `first` on (-1 where the position falls outside). */
function pickIndices(inSize: number, outSize: number, first: number, count: number): Int32Array {
  const scale = inSize / outSize;
  const picks = new Int32Array(count);
  let position = scale * 0.5;
  for (let x = 0; x < first + count; x++) {
    if (x >= first) {
      const index = Math.trunc(position);
      picks[x - first] = index < inSize ? index : -1;
    }
    position += scale;
  }
  return picks;
}

/** The `window` of `image` resized to `outWidth` x `outHeight` by nearest neighbour. */
export function nearestResize<T extends PilImage>(image: T, outWidth: number, outHeight: number, window: Window): T {
  const c = image.channels;
  const xs = pickIndices(image.width, outWidth, window.left, window.width);
  const ys = pickIndices(image.height, outHeight, window.top, window.height);
  const src = image.data;
  const out = zeroSamples(image, window.width * window.height * c);
  for (let y = 0; y < window.height; y++) {
    const sy = ys[y]!;
    if (sy < 0) continue;
    const rowBase = sy * image.width;
    let o = y * window.width * c;
    for (let x = 0; x < window.width; x++, o += c) {
      const sx = xs[x]!;
      if (sx < 0) continue;
      const from = (rowBase + sx) * c;
      for (let ch = 0; ch < c; ch++) out[o + ch] = src[from + ch]!;
    }
  }
  return withPixels(image, window.width, window.height, out);
}
