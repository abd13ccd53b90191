import { ClipEvalError } from '../core/errors.js';
import { csvManifest } from './adapters/csv/index.js';
import { emojiShift } from './adapters/emoji-shift/index.js';
import { imagefolder } from './adapters/imagefolder/index.js';
import { fairface } from './adapters/fairface/index.js';
import { imagenet } from './adapters/imagenet/index.js';
import { imagenetA } from './adapters/imagenet-a/index.js';
import { imagenetC } from './adapters/imagenet-c/index.js';
import { imagenetR } from './adapters/imagenet-r/index.js';
import { imagenetSketch } from './adapters/imagenet-sketch/index.js';
import { imagenetV2 } from './adapters/imagenet-v2/index.js';
import { objectnet } from './adapters/objectnet/index.js';
import { wds } from './adapters/wds/index.js';
import { aircraft } from './adapters/aircraft/index.js';
import { caltech101 } from './adapters/caltech101/index.js';
import { cars } from './adapters/cars/index.js';
import { cifar10 } from './adapters/cifar10/index.js';
import { cifar100 } from './adapters/cifar100/index.js';
import { country211 } from './adapters/country211/index.js';
import { dtd } from './adapters/dtd/index.js';
import { eurosat } from './adapters/eurosat/index.js';
import { fashionMnist } from './adapters/fashion-mnist/index.js';
import { fer2013 } from './adapters/fer2013/index.js';
import { flowers102 } from './adapters/flowers102/index.js';
import { food101 } from './adapters/food101/index.js';
import { gtsrb } from './adapters/gtsrb/index.js';
import { mnist } from './adapters/mnist/index.js';
import { pets } from './adapters/pets/index.js';
import { renderedSst2 } from './adapters/rendered-sst2/index.js';
import { stl10 } from './adapters/stl10/index.js';
import { sun397 } from './adapters/sun397/index.js';
import { svhn } from './adapters/svhn/index.js';
import type { DatasetAdapter } from './types.js';

/**
 * Every dataset adapter, keyed by the name users pass to --dataset. An adapter is one folder,
 * src/datasets/adapters/<name>/ named as its key (code, class names, templates, sources, contract, tests): adding
 * one is adding that folder and one line here (src/datasets/README.md).
 */
export const DATASETS = {
  imagefolder,
  csv: csvManifest,
  'emoji-shift': emojiShift,
  imagenet,
  'imagenet-v2': imagenetV2,
  'imagenet-r': imagenetR,
  'imagenet-a': imagenetA,
  'imagenet-sketch': imagenetSketch,
  'imagenet-c': imagenetC,
  objectnet,
  fairface,
  wds,
  mnist,
  'fashion-mnist': fashionMnist,
  svhn,
  'rendered-sst2': renderedSst2,
  cifar10,
  cifar100,
  stl10,
  flowers102,
  pets,
  food101,
  cars,
  aircraft,
  dtd,
  gtsrb,
  eurosat,
  country211,
  fer2013,
  caltech101,
  sun397,
} as const satisfies Record<string, DatasetAdapter>;

export type DatasetName = keyof typeof DATASETS;

export function datasetNames(): DatasetName[] {
  return Object.keys(DATASETS) as DatasetName[];
}

export function getDataset(name: string): DatasetAdapter {
  if (!Object.hasOwn(DATASETS, name)) {
    throw new ClipEvalError('USAGE', `unknown dataset '${name}' (known: ${datasetNames().join(', ')}; run 'clip-eval datasets' for their layouts)`);
  }
  return DATASETS[name as DatasetName];
}
