import { join, relative } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import type { Sample } from '../../core/sample.js';
import { readIdxFile, type IdxArray } from './idx.js';
import { pixelSource } from './pixels.js';
import { checkSplit, firstExisting, layoutError } from '../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset, TemplateSetName } from '../types.js';

/** MNIST and its drop-in replacements (Fashion-MNIST): IDX image and label files, gzipped or not. */
export interface IdxDatasetSpec {
  readonly name: string;
  readonly title: string;
  /** torchvision's folder under the root (`MNIST`, `FashionMNIST`), whose raw/ holds the same files. */
  readonly torchvisionFolder: string;
  readonly classnames: readonly string[];
  readonly templates: TemplateSetName;
  readonly source: string;
}

const FILE_PREFIX = { train: 'train', test: 't10k' } as const;

/** Where the IDX file of `kind` may be: the root itself, raw/, or torchvision's <Folder>/raw/; either spelling, .gz or not. */
function candidates(root: string, folder: string, prefix: string, kind: 'images-idx3' | 'labels-idx1'): string[] {
  const [what, idx] = kind.split('-') as [string, string];
  const names = [`${prefix}-${kind}-ubyte`, `${prefix}-${what}.${idx}-ubyte`];
  return [root, join(root, 'raw'), join(root, folder, 'raw')].flatMap((dir) => names.flatMap((n) => [join(dir, n), join(dir, `${n}.gz`)]));
}

function expectUbyte(array: IdxArray, rank: number, file: string): void {
  if (array.type !== 'ubyte' || array.dims.length !== rank) {
    throw new ClipEvalError('DATASET', `${file}: expected ${rank}-dimensional ubyte data, found ${array.dims.length}-dimensional ${array.type}`);
  }
}

export function idxDataset(spec: IdxDatasetSpec): DatasetAdapter {
  const splits = ['test', 'train'] as const;
  return {
    name: spec.name,
    title: spec.title,
    layout: `<root>/{train,t10k}-images-idx3-ubyte[.gz] and {train,t10k}-labels-idx1-ubyte[.gz] (also under <root>/raw/ or torchvision's <root>/${spec.torchvisionFolder}/raw/)`,
    splits,
    defaultSplit: 'test',
    metric: 'top1',
    classCount: spec.classnames.length,
    templates: spec.templates,
    source: spec.source,
    async open(root, { split }): Promise<OpenedDataset> {
      const prefix = FILE_PREFIX[checkSplit(spec.name, splits, split) as keyof typeof FILE_PREFIX];
      const expected = `<root>/${prefix}-images-idx3-ubyte[.gz] and <root>/${prefix}-labels-idx1-ubyte[.gz]`;
      const imagesFile = await firstExisting(candidates(root, spec.torchvisionFolder, prefix, 'images-idx3'), 'file');
      const labelsFile = await firstExisting(candidates(root, spec.torchvisionFolder, prefix, 'labels-idx1'), 'file');
      if (imagesFile === undefined) throw await layoutError(spec.name, `${prefix}-images-idx3-ubyte[.gz]`, root, expected);
      if (labelsFile === undefined) throw await layoutError(spec.name, `${prefix}-labels-idx1-ubyte[.gz]`, root, expected);
      const images = await readIdxFile(imagesFile);
      const labels = await readIdxFile(labelsFile);
      expectUbyte(images, 3, imagesFile);
      expectUbyte(labels, 1, labelsFile);
      const [count, height, width] = images.dims as [number, number, number];
      if (labels.dims[0] !== count) {
        throw new ClipEvalError('DATASET', `${spec.name}: ${imagesFile} holds ${count} images but ${labelsFile} holds ${labels.dims[0]} labels; the two files must come from the same split`);
      }
      const bad = labels.bytes.findIndex((l) => l >= spec.classnames.length);
      if (bad !== -1) {
        throw new ClipEvalError('DATASET', `${spec.name}: ${labelsFile} label ${labels.bytes[bad]} at index ${bad} is outside the ${spec.classnames.length} classes`);
      }
      const id = relative(root, imagesFile);
      const plane = height * width;
      return {
        name: spec.name,
        split,
        root,
        classnames: spec.classnames,
        size: count,
        async *samples(): AsyncGenerator<Sample> {
          for (let i = 0; i < count; i++) {
            const source = pixelSource(images.bytes.subarray(i * plane, (i + 1) * plane), width, height, 1);
            yield { id: `${id}#${i}`, source, label: labels.bytes[i]! };
          }
        },
        skipped: () => [],
      };
    },
  };
}
