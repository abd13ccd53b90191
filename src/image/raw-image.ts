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
