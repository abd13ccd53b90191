import { dirname, join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { checkSplit, firstExisting, requirePaths } from '../../layouts/checks.js';
import { listedImages, readListFile } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train', 'val'] as const;

/**
 * Describable Textures, first of its ten splits (as torchvision's default partition 1 and CLIP_benchmark):
 * labels/<split>1.txt lines "<class>/<file>" for images/<class>/<file>; the class folders are CLIP's names.
 */
export const dtd: DatasetAdapter = {
  name: 'dtd',
  title: 'Describable Textures (DTD), split 1',
  layout: "<root>/labels/{train,val,test}1.txt and <root>/images/<class>/<file>.jpg (also <root>/dtd/ or torchvision's <root>/dtd/dtd/)",
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'dtd',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (DescribableTextures)",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('dtd', splits, split);
    const labels = await firstExisting([root, join(root, 'dtd'), join(root, 'dtd', 'dtd')].map((d) => join(d, 'labels')), 'directory');
    const base = labels === undefined ? root : dirname(labels);
    await requirePaths('dtd', base, [`labels/${split}1.txt`, 'images/']);
    const index = new Map(classnames.map((c, i) => [c, i]));
    const lines = await readListFile(join(base, 'labels', `${split}1.txt`), root, 'dtd');
    const { images, skipped } = await listedImages(lines, join(base, 'images'), root, (text) => {
      const label = index.get(text.split('/')[0] ?? '');
      return label === undefined ? { skip: `'${text}' is not in one of the ${classnames.length} texture folders` } : { file: text, label };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `dtd: none of the images listed in labels/${split}1.txt is in ${join(base, 'images')}`);
    return { name: 'dtd', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
