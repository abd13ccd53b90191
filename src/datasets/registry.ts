import { ClipEvalError } from '../core/errors.js';
import { csvManifest } from './csv-manifest.js';
import { emojiShift } from './emoji-shift.js';
import { imagefolder } from './imagefolder.js';
import { fairface } from './fairface.js';
import { imagenet } from './imagenet.js';
import { imagenetA } from './imagenet-a.js';
import { imagenetC } from './imagenet-c.js';
import { imagenetR } from './imagenet-r.js';
import { imagenetSketch } from './imagenet-sketch.js';
import { imagenetV2 } from './imagenet-v2.js';
import { objectnet } from './objectnet.js';
import { wds } from './wds.js';
import { aircraft } from './aircraft.js';
import { caltech101 } from './caltech101.js';
import { cars } from './cars.js';
import { cifar10 } from './cifar10.js';
import { cifar100 } from './cifar100.js';
import { country211 } from './country211.js';
import { dtd } from './dtd.js';
import { eurosat } from './eurosat.js';
import { fashionMnist } from './fashion-mnist.js';
import { fer2013 } from './fer2013.js';
import { flowers102 } from './flowers102.js';
import { food101 } from './food101.js';
import { gtsrb } from './gtsrb.js';
import { mnist } from './mnist.js';
import { pets } from './pets.js';
import { renderedSst2 } from './rendered-sst2.js';
import { stl10 } from './stl10.js';
import { sun397 } from './sun397.js';
import { svhn } from './svhn.js';
import type { DatasetAdapter } from './types.js';

/** Every dataset adapter, keyed by the name users pass to --dataset. Adding one is adding one file and one line. */
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
