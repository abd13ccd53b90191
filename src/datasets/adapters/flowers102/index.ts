import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { readMatFile } from '../../formats/mat.js';
import { matNumbers, matVariable } from '../../formats/mat-values.js';
import { checkSplit, isFile, requirePaths } from '../../layouts/checks.js';
import { listedImages } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** setid.mat's variable for each split (image ids, 1-based). */
const SPLIT_IDS = { test: 'tstid', train: 'trnid', val: 'valid' } as const;
const splits = Object.keys(SPLIT_IDS);
const REQUIRED = ['imagelabels.mat', 'setid.mat', 'jpg/'];

/** Oxford Flowers-102: labels 1-102 per image in imagelabels.mat, the split's image ids in setid.mat. */
export const flowers102: DatasetAdapter = {
  name: 'flowers102',
  title: 'Oxford Flowers-102',
  layout: '<root>/imagelabels.mat, <root>/setid.mat (trnid, valid, tstid) and <root>/jpg/image_00001.jpg ... (also torchvision\'s <root>/flowers-102/)',
  splits,
  defaultSplit: 'test',
  metric: 'mean_per_class_recall',
  classCount: classnames.length,
  templates: 'flowers102',
  source: "class names and template from OpenAI CLIP's data/prompts.md (Flowers102)",
  async open(root, { split }): Promise<OpenedDataset> {
    const key = SPLIT_IDS[checkSplit('flowers102', splits, split) as keyof typeof SPLIT_IDS];
    const base = (await isFile(join(root, 'flowers-102', 'imagelabels.mat'))) ? join(root, 'flowers-102') : root;
    await requirePaths('flowers102', base, REQUIRED);
    const labelsFile = join(base, 'imagelabels.mat');
    const labels = matNumbers(matVariable(await readMatFile(labelsFile), 'labels', labelsFile), `${labelsFile}: labels`);
    const setFile = join(base, 'setid.mat');
    const ids = matNumbers(matVariable(await readMatFile(setFile), key, setFile), `${setFile}: ${key}`);
    const entries = ids.map((id, i) => ({ where: `setid.mat: ${key}(${i + 1})`, text: String(id) }));
    const { images, skipped } = await listedImages(entries, join(base, 'jpg'), root, (text) => {
      const id = Number(text);
      const label = labels[id - 1];
      if (label === undefined || !Number.isInteger(label) || label < 1 || label > classnames.length) {
        return { skip: `image id ${text} has no label 1-${classnames.length} in imagelabels.mat` };
      }
      return { file: `image_${text.padStart(5, '0')}.jpg`, label: label - 1 };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `flowers102: none of the ${ids.length} images of setid.mat's ${key} is in ${join(base, 'jpg')}`);
    return { name: 'flowers102', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
