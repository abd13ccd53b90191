import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { checkSplit, isDirectory, requirePaths } from '../../layouts/checks.js';
import { listedImages, readListFile } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train'] as const;

/** Food-101: meta/classes.txt fixes the label order, meta/<split>.txt lists "<class>/<id>" for images/<class>/<id>.jpg. */
export const food101: DatasetAdapter = {
  name: 'food101',
  title: 'Food-101',
  layout: "<root>/meta/{classes,train,test}.txt and <root>/images/<class>/<id>.jpg (also torchvision's <root>/food-101/)",
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'food101',
  source: "class names and template from OpenAI CLIP's data/prompts.md (Food101): meta/classes.txt with spaces for underscores",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('food101', splits, split);
    const base = (await isDirectory(join(root, 'food-101', 'meta'))) ? join(root, 'food-101') : root;
    await requirePaths('food101', base, ['meta/classes.txt', `meta/${split}.txt`, 'images/']);
    const classes = (await readListFile(join(base, 'meta', 'classes.txt'), root, 'food101')).map((l) => l.text);
    if (classes.length !== classnames.length) {
      throw new ClipEvalError('DATASET', `food101: ${join(base, 'meta', 'classes.txt')} names ${classes.length} classes, expected the ${classnames.length} of Food-101`);
    }
    const index = new Map(classes.map((c, i) => [c, i]));
    const lines = await readListFile(join(base, 'meta', `${split}.txt`), root, 'food101');
    const { images, skipped } = await listedImages(lines, join(base, 'images'), root, (text) => {
      const label = index.get(text.split('/')[0] ?? '');
      return label === undefined ? { skip: `class of '${text}' is not in meta/classes.txt` } : { file: `${text}.jpg`, label };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `food101: none of the images listed in meta/${split}.txt is in ${join(base, 'images')}`);
    return { name: 'food101', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
