import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../../../core/errors.js';
import type { Skip } from '../../../../core/sample.js';
import { checkSplit, isFile, layoutError } from '../../../layouts/checks.js';
import { checkLanguage, listedDataset, parseJsonFile, type ListedImage } from '../../listed.js';
import type { CaptionedDataset, CaptionedDatasetAdapter } from '../../types.js';

const NAME = 'mscoco_captions';
const SPLITS = ['test', 'val', 'train'] as const;

const annotationName = (split: string): string => `coco_${split}_karpathy.json`;
const imageFolder = (split: string): string => (split === 'train' ? 'train2014' : 'val2014');

/**
 * The COCO captions format (`images` with `id` and `file_name`, `annotations` with `image_id` and `caption`),
 * images in file order. Images may have any number of captions; one with none is a skip, an annotation naming
 * an unknown image id an error naming the file and the id, a malformed file an error naming the file.
 */
export function parseCocoCaptions(value: unknown, file: string): { images: ListedImage[]; skipped: Skip[] } {
  const fail = (what: string): never => {
    throw new ClipEvalError('DATASET', `${NAME}: ${file}: ${what} (expected the COCO captions format: {"images": [{"id", "file_name"}], "annotations": [{"image_id", "caption"}]})`);
  };
  if (typeof value !== 'object' || value === null) return fail('not a JSON object');
  const { images, annotations } = value as { images?: unknown; annotations?: unknown };
  if (!Array.isArray(images)) return fail("no 'images' array");
  if (!Array.isArray(annotations)) return fail("no 'annotations' array");
  const byId = new Map<string, { name: string; captions: string[] }>();
  const list: { name: string; captions: string[] }[] = [];
  images.forEach((image: unknown, i) => {
    const { id, file_name: name } = (image ?? {}) as { id?: unknown; file_name?: unknown };
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof name !== 'string' || name === '') fail(`images[${i}] lacks an id or a file_name`);
    if (byId.has(String(id))) fail(`images[${i}] repeats image id ${String(id)}`);
    const entry = { name: name as string, captions: [] };
    byId.set(String(id), entry);
    list.push(entry);
  });
  const skipped: Skip[] = [];
  annotations.forEach((annotation: unknown, i) => {
    const { image_id: id, caption } = (annotation ?? {}) as { image_id?: unknown; caption?: unknown };
    if ((typeof id !== 'number' && typeof id !== 'string') || typeof caption !== 'string') fail(`annotations[${i}] lacks an image_id or a caption`);
    const image = byId.get(String(id));
    if (image === undefined) fail(`annotations[${i}] names image id ${String(id)}, which is not in 'images'`);
    if ((caption as string).trim() === '') skipped.push({ path: `${file}#annotations[${i}]`, reason: `empty caption for image id ${String(id)}` });
    else image!.captions.push((caption as string).trim());
  });
  return { images: list, skipped };
}

export const mscocoCaptions: CaptionedDatasetAdapter = {
  name: NAME,
  title: 'MSCOCO captions (Karpathy splits, CLIP_benchmark files)',
  layout: `<root>/${annotationName('<split>')} (COCO captions format) with the images in <root>/val2014/ (train2014/ for train)`,
  splits: SPLITS,
  defaultSplit: 'test',
  languages: ['en'],
  async open(root, { split, language }): Promise<CaptionedDataset> {
    checkSplit(NAME, SPLITS, split);
    checkLanguage(NAME, ['en'], language);
    const file = join(root, annotationName(split));
    if (!(await isFile(file))) throw await layoutError(NAME, annotationName(split), root, `<root>/${annotationName(split)}, <root>/${imageFolder(split)}/`);
    const { images, skipped } = parseCocoCaptions(parseJsonFile(await readFile(file, 'utf8'), NAME, file), file);
    return listedDataset(images, { name: NAME, split, language, root, imageDir: join(root, imageFolder(split)), file, skipped });
  },
};
