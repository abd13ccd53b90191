import { stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ClipEvalError } from '../../../../core/errors.js';
import { readCsv } from '../../../../core/csv.js';
import type { Skip } from '../../../../core/sample.js';
import { checkLanguage, groupByImage, listedDataset } from '../../listed.js';
import type { CaptionedDataset, CaptionedDatasetAdapter } from '../../types.js';

const NAME = 'csv';

async function manifestPath(root: string, split: string): Promise<string> {
  const info = await stat(root).catch(() => undefined);
  if (info?.isFile()) return root;
  const candidate = join(root, `${split === '.' ? 'captions' : split}.csv`);
  if (info?.isDirectory() && (await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
  throw new ClipEvalError('DATASET', `${NAME}: no caption manifest at ${info ? candidate : root} (pass the CSV file itself as --data, with columns image,caption)`);
}

/** A manifest of `image,caption` rows (several rows per image), image paths relative to the file. */
export const captionCsv: CaptionedDatasetAdapter = {
  name: NAME,
  title: 'CSV caption manifest',
  layout: 'a CSV file with a header `image,caption` and one row per caption (an image on several rows; paths relative to the CSV file), or <root>/captions.csv',
  splits: ['.'],
  defaultSplit: '.',
  languages: ['en'],
  async open(root, { split, language }): Promise<CaptionedDataset> {
    checkLanguage(NAME, ['en'], language);
    const file = await manifestPath(root, split);
    const { records } = await readCsv(file, ['image', 'caption'], NAME);
    const skipped: Skip[] = [];
    const pairs: [string, string][] = [];
    records.forEach((r, i) => {
      const image = r.image ?? '';
      const caption = r.caption ?? '';
      if (image === '') throw new ClipEvalError('DATASET', `${NAME}: ${file}:${i + 2} has an empty image column`);
      if (caption === '') skipped.push({ path: `${file}:${i + 2}`, reason: `empty caption for ${image}` });
      else pairs.push([image, caption]);
    });
    return listedDataset(groupByImage(pairs), { name: NAME, split, language, root, imageDir: dirname(file), file, skipped });
  },
};
