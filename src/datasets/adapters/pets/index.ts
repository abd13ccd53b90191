import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { checkSplit, isDirectory, requirePaths } from '../../layouts/checks.js';
import { listedImages, readListFile } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'trainval'] as const;

/** Oxford-IIIT Pet: annotations/<split>.txt lines "<image> <class id 1-37> <species> <breed id>", images/<image>.jpg. */
export const pets: DatasetAdapter = {
  name: 'pets',
  title: 'Oxford-IIIT Pet',
  layout: "<root>/annotations/{trainval,test}.txt and <root>/images/<image>.jpg (also torchvision's <root>/oxford-iiit-pet/)",
  splits,
  defaultSplit: 'test',
  metric: 'mean_per_class_recall',
  classCount: classnames.length,
  templates: 'pets',
  source: "class names and template from OpenAI CLIP's data/prompts.md (OxfordPets), put in the order of the annotations' class ids 1-37",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('pets', splits, split);
    const base = (await isDirectory(join(root, 'oxford-iiit-pet', 'annotations'))) ? join(root, 'oxford-iiit-pet') : root;
    await requirePaths('pets', base, [`annotations/${split}.txt`, 'images/']);
    const lines = await readListFile(join(base, 'annotations', `${split}.txt`), root, 'pets');
    const { images, skipped } = await listedImages(lines, join(base, 'images'), root, (text) => {
      const [image, id] = text.split(/\s+/);
      const label = Number(id) - 1;
      if (image === undefined || !Number.isInteger(label) || label < 0 || label >= classnames.length) {
        return { skip: `not "<image> <class id 1-${classnames.length}> <species> <breed id>": ${text}` };
      }
      return { file: `${image}.jpg`, label };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `pets: none of the images listed in annotations/${split}.txt is in ${join(base, 'images')}`);
    return { name: 'pets', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
