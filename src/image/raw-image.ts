import { ClipEvalError } from '../core/errors.js';

/** 8-bit interleaved pixels in memory: what the pure image code (transforms, resampling) works on. */
export interface RawImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly data: Uint8Array;
}

export function rawImage(data: Uint8Array, width: number, height: number, channels: RawImage['channels']): RawImage {
  if (data.length !== width * height * channels) {
    throw new ClipEvalError('IMAGE', `raw image ${width}x${height}x${channels} needs ${width * height * channels} bytes, got ${data.length}`);
  }
  return { width, height, channels, data };
}

/** The listed bands of each pixel of interleaved samples, in that order (e.g. [0, 3]: gray + alpha of RGBA). */
export function selectBands<T extends Uint8Array | Uint16Array>(data: T, channels: number, bands: readonly number[]): T {
  const pixels = data.length / channels;
  const out = new (data.constructor as new (length: number) => T)(pixels * bands.length);
  for (let i = 0; i < pixels; i++) {
    for (let b = 0; b < bands.length; b++) out[i * bands.length + b] = data[i * channels + bands[b]!]!;
  }
  return out;
}
