import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ClipEvalError } from '../../../../core/errors.js';
import type { Skip } from '../../../../core/sample.js';
import { checkSplit, firstExisting, layoutError } from '../../../layouts/checks.js';
import { checkLanguage, listedDataset, parseJsonFile, type ListedImage } from '../../listed.js';
import type { CaptionedDataset, CaptionedDatasetAdapter } from '../../types.js';

const NAME = 'karpathy';
const SPLITS = ['test', 'val', 'train', 'restval'] as const;
const FILES = ['dataset_coco.json', 'dataset_flickr30k.json', 'dataset_flickr8k.json'] as const;

/**
 * Karpathy's split files (`images` with `filename`, optional `filepath`, `split` and `sentences[].raw`):
 * the images of one split, in file order, with their sentences. An image of the split without a sentence is a
 * skip; an entry lacking a field is an error naming the file and the entry.
 */
export function parseKarpathy(value: unknown, file: string, split: string): { images: ListedImage[]; skipped: Skip[] } {
  const fail = (what: string): never => {
    throw new ClipEvalError('DATASET', `${NAME}: ${file}: ${what} (expected Karpathy's format: {"images": [{"filename", "split", "sentences": [{"raw"}]}]})`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const { images } = value as { images?: unknown };
  if (!Array.isArray(images)) return fail("no 'images' array");
  const list: ListedImage[] = [];
  const skipped: Skip[] = [];
  images.forEach((image: unknown, i) => {
    const entry = (image ?? {}) as { filename?: unknown; filepath?: unknown; split?: unknown; sentences?: unknown };
    if (typeof entry.filename !== 'string' || entry.filename === '') fail(`images[${i}] has no filename`);
    if (typeof entry.split !== 'string') fail(`images[${i}] (${String(entry.filename)}) has no split`);
    if (entry.split !== split) return;
    if (!Array.isArray(entry.sentences)) fail(`images[${i}] (${String(entry.filename)}) has no sentences array`);
    const name = typeof entry.filepath === 'string' && entry.filepath !== '' ? `${entry.filepath}/${String(entry.filename)}` : String(entry.filename);
    const captions: string[] = [];
    (entry.sentences as unknown[]).forEach((sentence, j) => {
      const raw = (sentence ?? {}) as { raw?: unknown };
      if (typeof raw.raw !== 'string') fail(`images[${i}].sentences[${j}] (${name}) has no raw text`);
      if ((raw.raw as string).trim() === '') skipped.push({ path: `${file}#images[${i}].sentences[${j}]`, reason: `empty caption for ${name}` });
      else captions.push((raw.raw as string).trim());
    });
    list.push({ name, captions });
  });
  return { images: list, skipped };
}

/** --data is the JSON file itself, or a folder holding one of Karpathy's files. */
async function resolveFile(root: string): Promise<string> {
  if ((await stat(root).catch(() => undefined))?.isFile()) return root;
  const found = await firstExisting(FILES.map((f) => join(root, f)), 'file');
  if (found === undefined) throw await layoutError(NAME, FILES.join(' or '), root, `one of <root>/${FILES.join(', <root>/')}, images at <root>/[<filepath>/]<filename>`);
  return found;
}

export const karpathy: CaptionedDatasetAdapter = {
  name: NAME,
  title: "Karpathy's caption splits (dataset_coco.json, dataset_flickr30k.json, dataset_flickr8k.json)",
  layout: `<root>/${FILES.join(' | ')} (or the file itself as --data); images at <root>/[<filepath>/]<filename>, e.g. <root>/val2014/COCO_val2014_....jpg`,
  splits: SPLITS,
  defaultSplit: 'test',
  languages: ['en'],
  async open(root, { split, language }): Promise<CaptionedDataset> {
    checkSplit(NAME, SPLITS, split);
    checkLanguage(NAME, ['en'], language);
    const file = await resolveFile(root);
    const { images, skipped } = parseKarpathy(parseJsonFile(await readFile(file, 'utf8'), NAME, file), file, split);
    if (images.length === 0) throw new ClipEvalError('DATASET', `${NAME}: ${file} has no image in split '${split}'`);
    return listedDataset(images, { name: NAME, split, language, root, imageDir: dirname(file), file, skipped });
  },
};
