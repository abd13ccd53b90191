import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../../../core/errors.js';
import type { Skip } from '../../../../core/sample.js';
import { checkSplit, isFile, layoutError } from '../../../layouts/checks.js';
import { checkLanguage, groupByImage, listedDataset } from '../../listed.js';
import type { CaptionedDataset, CaptionedDatasetAdapter } from '../../types.js';

const SPLITS = ['test', 'val', 'train'] as const;
const LANGUAGES = ['en', 'zh'] as const;
const SEPARATOR = '.jpg,';

/** `flickr30k_test_karpathy.txt`, or `flickr30k_test_karpathy_zh.txt` for the Chinese captions. */
export function annotationName(dataset: string, split: string, language: string): string {
  return `${dataset}_${split}_karpathy${language === 'en' ? '' : `_${language}`}.txt`;
}

/**
 * Parses CLIP_benchmark's Karpathy caption file: a header line, then `<image>.jpg,<caption>` lines. Captions
 * contain commas, so a line splits at its first `.jpg,`; a line without one is an error naming file:line, an
 * empty caption a skip.
 */
export function parseFlickrCaptions(text: string, dataset: string, file: string): { pairs: [string, string][]; skipped: Skip[] } {
  const lines = text.split(/\r?\n/);
  const pairs: [string, string][] = [];
  const skipped: Skip[] = [];
  lines.forEach((line, i) => {
    if (i === 0 || line.trim() === '') return;
    const at = line.indexOf(SEPARATOR);
    if (at <= 0) throw new ClipEvalError('DATASET', `${dataset}: ${file}:${i + 1} is not an '<image>.jpg,<caption>' line (${JSON.stringify(line.slice(0, 60))}); the file may be truncated or not CLIP_benchmark's Karpathy caption file`);
    const caption = line.slice(at + SEPARATOR.length).trim();
    const image = line.slice(0, at + SEPARATOR.length - 1);
    if (caption === '') skipped.push({ path: `${file}:${i + 1}`, reason: `empty caption for ${image}` });
    else pairs.push([image, caption]);
  });
  return { pairs, skipped };
}

function flickr(name: 'flickr30k' | 'flickr8k', title: string): CaptionedDatasetAdapter {
  return {
    name,
    title,
    layout: `<root>/${annotationName(name, '<split>', 'en')} (header line, then <image>.jpg,<caption> lines; _zh.txt for Chinese) with the images in <root>/`,
    splits: SPLITS,
    defaultSplit: 'test',
    languages: LANGUAGES,
    async open(root, { split, language }): Promise<CaptionedDataset> {
      checkSplit(name, SPLITS, split);
      checkLanguage(name, LANGUAGES, language);
      const file = join(root, annotationName(name, split, language));
      if (!(await isFile(file))) throw await layoutError(name, annotationName(name, split, language), root, `<root>/${annotationName(name, split, language)} and the images in <root>/`);
      const { pairs, skipped } = parseFlickrCaptions(await readFile(file, 'utf8'), name, file);
      return listedDataset(groupByImage(pairs), { name, split, language, root, imageDir: root, file, skipped });
    },
  };
}

export const flickr30k = flickr('flickr30k', 'Flickr30k captions (Karpathy splits, CLIP_benchmark files)');
export const flickr8k = flickr('flickr8k', 'Flickr8k captions (Karpathy splits, CLIP_benchmark files)');
