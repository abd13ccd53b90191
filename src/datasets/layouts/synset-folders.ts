import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import { folderSamples, listClassFolders, type FolderLabel } from './class-folders.js';
import { IMAGENET_CLASSNAMES, imagenetIndex, imagenetNames, isWnid, subsetLookup } from './imagenet-classes/index.js';
import { checkSplit, describeFolder } from './checks.js';
import type { DatasetAdapter, OpenedDataset } from '../types.js';

/**
 * Labels synset folders with ImageNet classes, optionally restricted to a subset (sorted indices into the 1000
 * classes): a folder's label is its position in the subset, and folders of other classes are skipped with
 * `outside` as the reason.
 */
export function synsetLabeler(subset?: readonly number[], outside = 'class outside the subset'): (folder: string) => FolderLabel {
  const position = subset === undefined ? (i: number) => i : subsetLookup(subset);
  return (folder) => {
    const index = imagenetIndex(folder);
    if (index === undefined) return { skip: isWnid(folder) ? 'not one of the 1000 ImageNet-1k synsets' : 'not a WordNet id folder' };
    const label = position(index);
    return label === undefined ? { skip: outside } : { label };
  };
}

/** Does `dir` hold synset folders (so that it is itself the dataset folder)? */
async function hasSynsetFolders(dir: string): Promise<boolean> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries.some((e) => e.isDirectory() && isWnid(e.name));
}

export interface SynsetDatasetSpec {
  readonly name: string;
  readonly title: string;
  /** The folder the archive unpacks into (`imagenet-r`, `imagenet-a`, `sketch`). */
  readonly folder: string;
  /** Sorted indices into the 1000 ImageNet classes; all 1000 when absent. */
  readonly subset?: readonly number[];
  readonly source: string;
}

/**
 * An ImageNet-derived test set distributed as synset folders (`<folder>/<wnid>/<image>`), evaluated over its
 * ImageNet classes — for a 200-class subset, equivalent to restricting the 1000-way classifier to the subset,
 * as the reference evaluations do. --data may be the unpacked folder itself or the folder that holds it.
 */
export function synsetFolderDataset(spec: SynsetDatasetSpec): DatasetAdapter {
  const splits = ['test'] as const;
  const classCount = spec.subset?.length ?? IMAGENET_CLASSNAMES.length;
  return {
    name: spec.name,
    title: spec.title,
    layout: `<root>/${spec.folder}/<wnid>/<image> (or --data pointing at ${spec.folder}/ itself), one WordNet-id folder per class`,
    splits,
    defaultSplit: 'test',
    metric: 'top1',
    classCount,
    templates: 'imagenet',
    source: spec.source,
    async open(root, { split }): Promise<OpenedDataset> {
      checkSplit(spec.name, splits, split);
      const nested = join(root, spec.folder);
      const base = (await hasSynsetFolders(nested)) ? nested : (await hasSynsetFolders(root)) ? root : undefined;
      if (base === undefined) {
        throw new ClipEvalError(
          'DATASET',
          `${spec.title}: no WordNet-id class folders in ${nested} or ${root} (expected <root>/${spec.folder}/n01443537/<image>, ...; ${await describeFolder(root)})`,
        );
      }
      const outside = `not one of the ${classCount} ${spec.title} classes`;
      const listing = await listClassFolders(base, root, synsetLabeler(spec.subset, outside));
      if (listing.size === 0) throw new ClipEvalError('DATASET', `${spec.title}: the class folders under ${base} hold no images`);
      return {
        name: spec.name,
        split,
        root,
        classnames: spec.subset === undefined ? IMAGENET_CLASSNAMES : imagenetNames(spec.subset),
        size: listing.size,
        samples: () => folderSamples(listing.images()),
        skipped: () => listing.skipped,
      };
    },
  };
}
