import type { ImageSource } from '../../core/sample.js';

/**
 * Packed datasets store channels as separate planes: CIFAR row by row (row-major, like NumPy's
 * reshape(3, 32, 32)), STL-10 and MATLAB arrays (SVHN) column by column. The 'pixels' source is
 * row-major interleaved, what `Image.fromarray` on torchvision's HWC array sees.
 */
export type PlaneOrder = 'row-major' | 'column-major';

/** Interleaves the `channels` planes of one image starting at `offset` in `src`. */
export function interleavePlanes(
  src: Uint8Array,
  offset: number,
  width: number,
  height: number,
  channels: 1 | 3 | 4,
  order: PlaneOrder,
): Uint8Array {
  const plane = width * height;
  const out = new Uint8Array(plane * channels);
  for (let ch = 0; ch < channels; ch++) {
    const base = offset + ch * plane;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const stored = order === 'row-major' ? y * width + x : x * height + y;
        out[(y * width + x) * channels + ch] = src[base + stored]!;
      }
    }
  }
  return out;
}

export function pixelSource(data: Uint8Array, width: number, height: number, channels: 1 | 3 | 4): ImageSource {
  return { kind: 'pixels', width, height, channels, data };
}
