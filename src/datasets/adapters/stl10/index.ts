import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample } from '../../../core/sample.js';
import classnames from './classnames.json' with { type: 'json' };
import { interleavePlanes, pixelSource } from '../../formats/pixels.js';
import { checkSplit, firstExisting, isFile, layoutError } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const SIDE = 96;
const IMAGE_BYTES = SIDE * SIDE * 3;
const splits = ['test', 'train'] as const;

/**
 * STL-10 binary files: <split>_X.bin holds uint8 3x96x96 images, each channel stored column by column (MATLAB
 * order, which torchvision undoes with a transpose), <split>_y.bin one label 1-10 per image. The unlabeled
 * split has no labels and is not offered.
 */
export const stl10: DatasetAdapter = {
  name: 'stl10',
  title: 'STL-10',
  layout: '<root>/stl10_binary/{train,test}_X.bin, {train,test}_y.bin and class_names.txt (the binary download)',
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'photo-a-the',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (STL10)",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('stl10', splits, split);
    const expected = `<root>/stl10_binary/${split}_X.bin and ${split}_y.bin`;
    const imagesFile = await firstExisting([join(root, 'stl10_binary', `${split}_X.bin`), join(root, `${split}_X.bin`)], 'file');
    if (imagesFile === undefined) throw await layoutError('stl10', `stl10_binary/${split}_X.bin`, root, expected);
    const labelsFile = imagesFile.replace(/_X\.bin$/, '_y.bin');
    if (!(await isFile(labelsFile))) throw await layoutError('stl10', relative(root, labelsFile), root, expected);
    const images: Uint8Array = await readFile(imagesFile);
    if (images.length % IMAGE_BYTES !== 0) {
      throw new ClipEvalError('DATASET', `stl10: ${imagesFile} is truncated: ${images.length} bytes is not a whole number of ${IMAGE_BYTES}-byte 96x96x3 images (${Math.floor(images.length / IMAGE_BYTES)} images and ${images.length % IMAGE_BYTES} bytes over); re-download it`);
    }
    const count = images.length / IMAGE_BYTES;
    const labels = [...(await readFile(labelsFile))].map((v) => v - 1);
    if (labels.length !== count) throw new ClipEvalError('DATASET', `stl10: ${imagesFile} holds ${count} images but ${labelsFile} holds ${labels.length} labels`);
    const bad = labels.findIndex((l) => l < 0 || l >= classnames.length);
    if (bad !== -1) throw new ClipEvalError('DATASET', `stl10: ${labelsFile} label ${labels[bad]! + 1} of image ${bad} is not a class 1-${classnames.length}`);
    const id = relative(root, imagesFile);
    return {
      name: 'stl10',
      split,
      root,
      classnames,
      size: count,
      async *samples(): AsyncGenerator<Sample> {
        for (let i = 0; i < count; i++) {
          const data = interleavePlanes(images, i * IMAGE_BYTES, SIDE, SIDE, 3, 'column-major');
          yield { id: `${id}#${i}`, source: pixelSource(data, SIDE, SIDE, 3), label: labels[i]! };
        }
      },
      skipped: () => [],
    };
  },
};
