import { join, relative } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Skip } from '../../../core/sample.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples, type FolderImage } from '../../layouts/class-folders.js';
import { listImages } from '../../layouts/image-files.js';
import { checkSplit, firstExisting, isDirectory, layoutError } from '../../layouts/checks.js';
import { listedImages, readListFile, type ListedEntry } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** Partition 1 of the ten official ones (50 train and 50 test images per class, as in the CLIP paper), or every image. */
const PARTITIONS = { test: 'Testing_01.txt', train: 'Training_01.txt' } as const;
const splits = ['test', 'train', 'all'] as const;
const index = new Map(classnames.map((c, i) => [c, i]));

/** `/a/apartment_building/outdoor/sun_x.jpg` (leading slash optional) -> its class, as CLIP names it ('apartment building outdoor'). */
function entry(path: string): ListedEntry {
  const parts = path.replace(/^\/+/, '').split(/[\\/]/);
  const name = parts.slice(1, -1).join(' ').replace(/_/g, ' ');
  const label = index.get(name);
  return label === undefined ? { skip: `'${path}' is not in one of the ${classnames.length} SUN397 class folders` } : { file: parts.join('/'), label };
}

/**
 * SUN397: SUN397/<letter>/<class path>/sun_*.jpg with the official partition lists Partitions/Training_01.txt
 * and Testing_01.txt ("/a/abbey/sun_....jpg"). Split 'all' is every image, as CLIP_benchmark evaluates it.
 */
export const sun397: DatasetAdapter = {
  name: 'sun397',
  title: 'SUN397 (partition 1)',
  layout: '<root>/SUN397/<letter>/<class>/sun_*.jpg with <root>/Partitions/{Training,Testing}_01.txt (or <root>/SUN397/Partitions/); split all needs no partitions',
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'photo-a-the',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (SUN397): the class paths with '/' and '_' read as spaces",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('sun397', splits, split);
    const base = (await isDirectory(join(root, 'SUN397'))) ? join(root, 'SUN397') : root;
    let images: FolderImage[];
    let skipped: Skip[];
    if (split === 'all') {
      const listing = await listImages(base, root);
      images = [];
      skipped = listing.skipped;
      for (const id of listing.files) {
        const found = entry(relative(base, join(root, id)));
        if ('skip' in found) skipped.push({ path: id, reason: found.skip });
        else images.push({ id, path: join(root, id), label: found.label });
      }
    } else {
      const name = PARTITIONS[split as keyof typeof PARTITIONS];
      const list = await firstExisting([join(root, 'Partitions', name), join(base, 'Partitions', name)], 'file');
      if (list === undefined) throw await layoutError('sun397', `Partitions/${name}`, root, `<root>/Partitions/${name} (from Partitions.zip) beside <root>/SUN397/<letter>/<class>/`);
      ({ images, skipped } = await listedImages(await readListFile(list, root, 'sun397'), base, root, entry));
    }
    if (images.length === 0) throw new ClipEvalError('DATASET', `sun397: no images of the ${split} split under ${base} (expected <letter>/<class>/sun_*.jpg)`);
    return { name: 'sun397', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
