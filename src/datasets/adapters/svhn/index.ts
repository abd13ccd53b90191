import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample } from '../../../core/sample.js';
import classnames from './classnames.json' with { type: 'json' };
import { readMatFile } from '../../formats/mat.js';
import { describeMat, matNumbers, matVariable } from '../../formats/mat-values.js';
import { interleavePlanes, pixelSource } from '../../formats/pixels.js';
import { checkSplit, isFile, layoutError } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train', 'extra'] as const;

/** SVHN cropped digits ("format 2"): X is uint8 [32, 32, 3, N] in MATLAB's column-major order, y is [N, 1] with 10 meaning the digit 0. */
export const svhn: DatasetAdapter = {
  name: 'svhn',
  title: 'SVHN (cropped digits)',
  layout: '<root>/{train,test,extra}_32x32.mat (X: uint8 32x32x3xN, y: Nx1 labels 1-10, 10 = digit 0)',
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'svhn',
  source: 'class names and templates from LAION-AI/CLIP_benchmark (en_classnames.json, en_zeroshot_classification_templates.json: svhn)',
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('svhn', splits, split);
    const name = `${split}_32x32.mat`;
    const file = join(root, name);
    if (!(await isFile(file))) throw await layoutError('svhn', name, root, `<root>/${name} from the cropped-digits download`);
    const variables = await readMatFile(file);
    const x = matVariable(variables, 'X', file);
    const [height, width, channels, count] = x.dims as [number, number, number, number];
    if (x.kind !== 'numeric' || x.className !== 'uint8' || x.dims.length !== 4 || channels !== 3) {
      throw new ClipEvalError('DATASET', `svhn: ${file}: X should be a uint8 32x32x3xN array, found ${describeMat(x)}`);
    }
    const labels = matNumbers(matVariable(variables, 'y', file), `${file}: y`).map((v, i) => {
      if (!Number.isInteger(v) || v < 1 || v > 10) throw new ClipEvalError('DATASET', `svhn: ${file}: y(${i + 1}) = ${v} is not a digit label 1-10`);
      return v % 10;
    });
    if (labels.length !== count) throw new ClipEvalError('DATASET', `svhn: ${file} holds ${count} images but ${labels.length} labels`);
    const pixels = x.real as Uint8Array;
    const size = height * width * channels;
    return {
      name: 'svhn',
      split,
      root,
      classnames,
      size: count,
      async *samples(): AsyncGenerator<Sample> {
        for (let i = 0; i < count; i++) {
          const data = interleavePlanes(pixels, i * size, width, height, channels, 'column-major');
          yield { id: `${name}#${i}`, source: pixelSource(data, width, height, channels), label: labels[i]! };
        }
      },
      skipped: () => [],
    };
  },
};
