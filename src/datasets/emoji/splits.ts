import type { ProfileName } from './augment.js';

/**
 * The splits of the emoji-shift suite, mirroring the CLIP paper's evaluation: the in-distribution test, its
 * natural-shift counterparts, and the paper's OCR, fine-grained and fairness probes. `copies` is the default
 * number of images per (concept, style) pair; `byDefault` says whether a plain build renders the split.
 */
export interface SplitInfo {
  readonly title: string;
  /**
   * Training data (the probe's training set, the model's corpus), a test set zero-shot evaluation reports, or a
   * captioned test set written in a distributed format beside its images (`retrieval`: a `csv` caption manifest;
   * `compositionality`: SugarCrepe's subset files), read by those tasks' own adapters.
   */
  readonly use: 'train' | 'test' | 'retrieval' | 'compositionality';
  /** Template set (a key of the prompt registry) for zero-shot classification on this split. */
  readonly templates: 'emoji' | 'emoji-text';
  readonly profile: ProfileName;
  readonly copies: number;
  readonly byDefault: boolean;
}

export const EMOJI_SPLITS = {
  train: { use: 'train', title: 'training styles, training augmentation (the linear probe\'s training set; same classes as id)', templates: 'emoji', profile: 'train', copies: 3, byDefault: true },
  id: { use: 'test', title: 'training styles, fresh augmentation (in-distribution test)', templates: 'emoji', profile: 'train', copies: 2, byDefault: true },
  clean: { use: 'test', title: 'training styles, centred on white, no augmentation', templates: 'emoji', profile: 'clean', copies: 1, byDefault: true },
  v2: { use: 'test', title: 'training styles re-sampled with shifted augmentation settings (ImageNetV2-like)', templates: 'emoji', profile: 'v2', copies: 1, byDefault: true },
  rendition: { use: 'test', title: 'held-out colour styles: Fluent colour and flat, Firefox OS (ImageNet-R-like)', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  sketch: { use: 'test', title: 'held-out monochrome styles: Fluent high-contrast, EmojiOne monotone (ImageNet-Sketch-like)', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  objectnet: { use: 'test', title: 'training styles small, off-centre, rotated, on clutter, occluded (ObjectNet-like)', templates: 'emoji', profile: 'objectnet', copies: 1, byDefault: true },
  ocr: { use: 'test', title: 'words rendered in six fonts, three of them unseen in training (class = the word)', templates: 'emoji-text', profile: 'text', copies: 1, byDefault: true },
  'fine-grained': { use: 'test', title: 'country flags and clock faces in the training styles', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  fairness: { use: 'test', title: 'people in six skin tones and three genders, labels include non-human and crime-related classes', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  retrieval: { use: 'retrieval', title: 'object emoji in one held-in or one held-out style each, five captions per image from CLDR names and keywords (captions.csv)', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  compositionality: { use: 'compositionality', title: 'people and coloured emoji with a true and a false caption differing in one attribute: skin tone, colour, gender or role (SugarCrepe format)', templates: 'emoji', profile: 'train', copies: 1, byDefault: true },
  corpus: { use: 'train', title: 'the embedded model\'s training images (every training concept, skin tones skewed on purpose, words in the seen fonts)', templates: 'emoji', profile: 'train', copies: 30, byDefault: false },
} as const satisfies Record<string, SplitInfo>;

export type SplitName = keyof typeof EMOJI_SPLITS;

export const SPLIT_NAMES = Object.keys(EMOJI_SPLITS) as SplitName[];

/** The splits zero-shot evaluation reports, in report order. */
export const TEST_SPLITS = SPLIT_NAMES.filter((s) => EMOJI_SPLITS[s].use === 'test');

export function isSplitName(name: string): name is SplitName {
  return Object.hasOwn(EMOJI_SPLITS, name);
}
