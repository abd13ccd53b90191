import type { PreprocessConfig } from '../core/preprocess-config.js';

/** Where the resize goes and which window of the resized image is kept (may reach outside: zero padding). */
export interface ResizePlan {
  readonly resizeWidth: number;
  readonly resizeHeight: number;
  readonly cropLeft: number;
  readonly cropTop: number;
  readonly cropSize: number;
}

/** Python 3's round(): ties go to the even neighbour (55.5 -> 56, 24.5 -> 24). */
export function roundHalfEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * torchvision's CenterCrop offset on one axis: `round((size - crop) / 2)`; a crop larger than the image
 * is padded first with `(crop - size) // 2` on the leading side, so the offset is minus that.
 */
export function centerCropOffset(size: number, crop: number): number {
  return crop > size ? -Math.floor((crop - size) / 2) : roundHalfEven((size - crop) / 2);
}

/**
 * torchvision's Resize(int) + CenterCrop (mode 'shortest'): the short side becomes `resizeSize` and the long
 * side `int(resizeSize * long / short)`, truncated; 'squash' resizes both sides to the crop size.
 */
export function planResize(width: number, height: number, config: PreprocessConfig): ResizePlan {
  const crop = config.cropSize;
  switch (config.resizeMode) {
    case 'squash':
      return { resizeWidth: crop, resizeHeight: crop, cropLeft: 0, cropTop: 0, cropSize: crop };
    case 'shortest': {
      const size = config.resizeSize;
      const long = Math.trunc((size * Math.max(width, height)) / Math.min(width, height));
      const [resizeWidth, resizeHeight] = width <= height ? [size, long] : [long, size];
      return {
        resizeWidth,
        resizeHeight,
        cropLeft: centerCropOffset(resizeWidth, crop),
        cropTop: centerCropOffset(resizeHeight, crop),
        cropSize: crop,
      };
    }
    default: {
      const never: never = config.resizeMode;
      throw new Error(`unreachable resize mode ${String(never)}`);
    }
  }
}
