import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { checkSplit, isDirectory, requirePaths } from '../../layouts/checks.js';
import { listedImages, readListFile } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train', 'val', 'trainval'] as const;

/**
 * FGVC-Aircraft (2013b) at the variant level: data/images_variant_<split>.txt lines "<image id> <variant>",
 * data/images/<image id>.jpg. Variants are matched by name with CLIP's list, which equals data/variants.txt.
 */
export const aircraft: DatasetAdapter = {
  name: 'aircraft',
  title: 'FGVC-Aircraft (variants)',
  layout: "<root>/data/variants.txt, <root>/data/images_variant_{train,val,trainval,test}.txt and <root>/data/images/<id>.jpg (also torchvision's <root>/fgvc-aircraft-2013b/)",
  splits,
  defaultSplit: 'test',
  metric: 'mean_per_class_recall',
  classCount: classnames.length,
  templates: 'aircraft',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (FGVCAircraft): the 100 variant names",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('aircraft', splits, split);
    const base = (await isDirectory(join(root, 'fgvc-aircraft-2013b', 'data'))) ? join(root, 'fgvc-aircraft-2013b') : root;
    await requirePaths('aircraft', base, ['data/variants.txt', `data/images_variant_${split}.txt`, 'data/images/']);
    const index = new Map(classnames.map((c, i) => [c, i]));
    const unknown = (await readListFile(join(base, 'data', 'variants.txt'), root, 'aircraft')).filter((l) => !index.has(l.text));
    if (unknown.length > 0) {
      throw new ClipEvalError('DATASET', `aircraft: ${join(base, 'data', 'variants.txt')} names variants outside FGVC-Aircraft 2013b's 100 (${unknown.slice(0, 3).map((l) => `'${l.text}'`).join(', ')}); use the 2013b release`);
    }
    const lines = await readListFile(join(base, 'data', `images_variant_${split}.txt`), root, 'aircraft');
    const { images, skipped } = await listedImages(lines, join(base, 'data', 'images'), root, (text) => {
      const [id = '', variant = ''] = text.split(/ (.*)/s);
      const label = index.get(variant);
      return label === undefined ? { skip: `variant '${variant}' is not one of the ${classnames.length} in data/variants.txt` } : { file: `${id}.jpg`, label };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `aircraft: none of the images listed in data/images_variant_${split}.txt is in ${join(base, 'data', 'images')}`);
    return { name: 'aircraft', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
