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
