import { relative } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import { folderSamples, listClassFolders } from './class-folders.js';
import { checkSplit, firstExisting, layoutError } from './checks.js';
import type { DatasetAdapter, DatasetInfo, OpenedDataset } from '../types.js';

/**
 * Datasets distributed as one folder per class with fixed folder names (EuroSAT, Country211, Caltech-101,
 * Rendered SST2): labels follow `folders`, whose i-th entry is the folder of classnames[i]. Folders outside
 * the list and non-image files are reported as skips.
 */
export interface FixedFoldersSpec extends Omit<DatasetInfo, 'classCount'> {
  readonly classnames: readonly string[];
  readonly folders: readonly string[];
  /** Where the class folders of a split may be, in order of preference. */
  bases(root: string, split: string): string[];
}

export function fixedFoldersDataset(spec: FixedFoldersSpec): DatasetAdapter {
  const { classnames, folders, bases, ...info } = spec;
  const index = new Map(folders.map((folder, label) => [folder, label]));
  return {
    ...info,
    classCount: classnames.length,
    async open(root, { split }): Promise<OpenedDataset> {
      checkSplit(spec.name, spec.splits, split);
      const candidates = bases(root, split);
      const base = await firstExisting(candidates, 'directory');
      if (base === undefined) throw await layoutError(spec.name, `${relative(root, candidates[0]!)}/`, root, spec.layout);
      const listing = await listClassFolders(base, root, (folder) => {
        const label = index.get(folder);
        return label === undefined ? { skip: `'${folder}' is not one of the ${folders.length} ${spec.name} class folders` } : { label };
      });
      if (listing.size === 0) throw new ClipEvalError('DATASET', `${spec.name}: no images in the class folders of ${base} (expected ${spec.layout})`);
      return { name: spec.name, split, root, classnames, size: listing.size, samples: () => folderSamples(listing.images()), skipped: () => listing.skipped };
    },
  };
}
