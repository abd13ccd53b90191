import { ClipEvalError } from '../core/errors.js';
import { csvManifest } from './csv-manifest.js';
import { imagefolder } from './imagefolder.js';
import type { DatasetAdapter } from './types.js';

/** Every dataset adapter, keyed by the name users pass to --dataset. Adding one is adding one file and one line. */
export const DATASETS = {
  imagefolder,
  csv: csvManifest,
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
