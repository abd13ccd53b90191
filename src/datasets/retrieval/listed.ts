import { isAbsolute, resolve } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import type { Sample, Skip } from '../../core/sample.js';
import type { Caption, CaptionedDataset } from './types.js';

/** One image of an annotation file and its captions, before indices are given. */
export interface ListedImage {
  /** The path as the annotation file names it (the sample id). */
  readonly name: string;
  readonly captions: readonly string[];
}

export interface ListedOptions {
  readonly name: string;
  readonly split: string;
  readonly language: string;
  readonly root: string;
  /** Folder the image names are relative to. */
  readonly imageDir: string;
  /** The annotation file, for messages. */
  readonly file: string;
  readonly skipped: readonly Skip[];
}

/**
 * A captioned dataset from a list of images with their captions (every annotation-file format ends here):
 * images in list order are samples whose label is their index; an image without a caption is a skip (it
 * would be a gallery image no query can find); a list with no captioned image is an error naming the file.
 */
export function listedDataset(images: readonly ListedImage[], options: ListedOptions): CaptionedDataset {
  const skipped: Skip[] = [...options.skipped];
  const samples: Sample[] = [];
  const captions: Caption[] = [];
  for (const image of images) {
    if (image.captions.length === 0) {
      skipped.push({ path: image.name, reason: `image has no caption in ${options.file}` });
      continue;
    }
    const index = samples.length;
    samples.push({ id: image.name, source: { kind: 'file', path: isAbsolute(image.name) ? image.name : resolve(options.imageDir, image.name) }, label: index });
    for (const text of image.captions) captions.push({ text, image: index });
  }
  if (samples.length === 0) throw new ClipEvalError('DATASET', `${options.name}: ${options.file} lists no image with a caption`);
  return {
    name: options.name,
    split: options.split,
    language: options.language,
    root: options.root,
    images: {
      name: options.name,
      split: options.split,
      root: options.root,
      classnames: [],
      size: samples.length,
      async *samples() {
        yield* samples;
      },
      skipped: () => [],
    },
    captions: () => captions,
    skipped: () => skipped,
  };
}

/** Groups (image name, caption) pairs by image, in order of each image's first appearance. */
export function groupByImage(pairs: Iterable<readonly [string, string]>): ListedImage[] {
  const byName = new Map<string, string[]>();
  for (const [name, caption] of pairs) {
    const list = byName.get(name);
    if (list) list.push(caption);
    else byName.set(name, [caption]);
  }
  return [...byName].map(([name, captions]) => ({ name, captions }));
}

/** Checks a language against the adapter's list. */
export function checkLanguage(dataset: string, languages: readonly string[], language: string): void {
  if (!languages.includes(language)) throw new ClipEvalError('USAGE', `${dataset}: no ${language} captions (languages: ${languages.join(', ')})`);
}

/** Parses a JSON annotation file; a truncated or malformed one is an error naming the file and where it breaks. */
export function parseJsonFile(text: string, dataset: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('DATASET', `${dataset}: ${file} is truncated or not valid JSON (${(error as Error).message}); re-download it`, { cause: error });
  }
}
