/**
 * How a model wants its images: attached to the model bundle (read from preprocessor_config.json or the
 * clip-eval.json manifest), never global. Defaults are OpenAI CLIP's `_transform(224)`.
 */
export type Interpolation = 'bicubic' | 'bilinear' | 'nearest';

export type ResizeMode =
  /** Short side to `resizeSize`, long side `int(resizeSize * long / short)`, then centre crop (OpenAI, HF). */
  | 'shortest'
  /** Both sides straight to the crop size, aspect ratio not kept (open_clip 'squash'). */
  | 'squash';

export interface PreprocessConfig {
  /** Side of the square the image tower sees. */
  readonly cropSize: number;
  /** Target of the short side before the crop (usually = cropSize). */
  readonly resizeSize: number;
  readonly resizeMode: ResizeMode;
  readonly interpolation: Interpolation;
  readonly mean: readonly [number, number, number];
  readonly std: readonly [number, number, number];
  /** Apply the EXIF orientation before anything else (the reference does not). */
  readonly exifRotate: boolean;
  /**
   * convert('RGB') before the resize, as Hugging Face's image processors do (SiglipImageProcessor,
   * ChineseCLIPImageProcessor). Absent or false: OpenAI's order, resize in the file's own mode first
   * (palette, 1-bit, RGBA and CMYK images differ). Left out of configs that do not set it, so their cache
   * keys do not change.
   */
  readonly convertFirst?: boolean;
}

export const OPENAI_CLIP_MEAN = [0.48145466, 0.4578275, 0.40821073] as const;
export const OPENAI_CLIP_STD = [0.26862954, 0.26130258, 0.27577711] as const;

export const DEFAULT_PREPROCESS: PreprocessConfig = Object.freeze({
  cropSize: 224,
  resizeSize: 224,
  resizeMode: 'shortest',
  interpolation: 'bicubic',
  mean: OPENAI_CLIP_MEAN,
  std: OPENAI_CLIP_STD,
  exifRotate: false,
});

/**
 * What decoding may cost, apart from the model's preprocessing: it changes no feature (an image is encoded
 * the same or not at all), so it is not part of the feature cache key. The default is in DEFAULTS.maxPixels.
 */
export interface DecodeLimits {
  /** Largest width x height decoded; larger images fail fast from their header (a counted IMAGE failure). */
  readonly maxPixels: number;
}
