import { join, relative } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import classnames from './classnames.json' with { type: 'json' };
import { folderSamples } from '../../layouts/class-folders.js';
import { readMatFile } from '../../formats/mat.js';
import { matCellTexts, matField, matLength, matNumbers, matText, matVariable } from '../../formats/mat-values.js';
import { checkSplit, firstExisting, isDirectory, layoutError, requirePaths } from '../../layouts/checks.js';
import { listedImages } from '../../layouts/listed-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train'] as const;

/** Where each split's annotations may be: the devkit has the train ones; the labelled test ones come separately. */
const ANNOTATIONS = {
  train: ['devkit/cars_train_annos.mat'],
  test: ['cars_test_annos_withlabels.mat', 'devkit/cars_test_annos_withlabels.mat'],
} as const;

/**
 * Stanford Cars with its devkit: `annotations` is a 1xN struct array (bbox_x1, bbox_y1, bbox_x2, bbox_y2,
 * class 1-196, fname); class names are in devkit/cars_meta.mat. The devkit's own cars_test_annos.mat has no
 * labels, hence cars_test_annos_withlabels.mat for the test split.
 */
export const cars: DatasetAdapter = {
  name: 'cars',
  title: 'Stanford Cars',
  layout: '<root>/devkit/{cars_meta.mat,cars_train_annos.mat}, <root>/cars_test_annos_withlabels.mat (or in devkit/), <root>/cars_train/, <root>/cars_test/ (also torchvision\'s <root>/stanford_cars/)',
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'cars',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (StanfordCars), in cars_meta.mat's order",
  async open(root, { split }): Promise<OpenedDataset> {
    const which = checkSplit('cars', splits, split) as (typeof splits)[number];
    const base = (await isDirectory(join(root, 'stanford_cars', 'devkit'))) ? join(root, 'stanford_cars') : root;
    await requirePaths('cars', base, ['devkit/cars_meta.mat', `cars_${which}/`]);
    const annotationsFile = await firstExisting(ANNOTATIONS[which].map((p) => join(base, p)), 'file');
    if (annotationsFile === undefined) {
      throw await layoutError('cars', ANNOTATIONS[which][0], base, `${ANNOTATIONS[which].map((p) => `<root>/${p}`).join(' or ')} (the devkit's cars_test_annos.mat has no labels)`);
    }
    const metaFile = join(base, 'devkit', 'cars_meta.mat');
    const names = matCellTexts(matVariable(await readMatFile(metaFile), 'class_names', metaFile), `${metaFile}: class_names`);
    if (names.length !== classnames.length) {
      throw new ClipEvalError('DATASET', `cars: ${metaFile} names ${names.length} classes, expected the ${classnames.length} of Stanford Cars`);
    }
    const what = `${annotationsFile}: annotations`;
    const annotations = matVariable(await readMatFile(annotationsFile), 'annotations', annotationsFile);
    const entries = Array.from({ length: matLength(annotations) }, (_, i) => ({
      where: `${relative(root, annotationsFile)}: annotations(${i + 1})`,
      text: `${matNumbers(matField(annotations, i, 'class', what), what)[0]} ${matText(matField(annotations, i, 'fname', what), what)}`,
    }));
    const { images, skipped } = await listedImages(entries, join(base, `cars_${which}`), root, (text) => {
      const [cls = '', file = ''] = text.split(/ (.*)/s);
      const label = Number(cls) - 1;
      if (!Number.isInteger(label) || label < 0 || label >= classnames.length) return { skip: `class ${cls} is not 1-${classnames.length}` };
      return { file, label };
    });
    if (images.length === 0) throw new ClipEvalError('DATASET', `cars: none of the ${entries.length} images annotated in ${annotationsFile} is in ${join(base, `cars_${which}`)}`);
    return { name: 'cars', split, root, classnames, size: images.length, samples: () => folderSamples(images), skipped: () => skipped };
  },
};
