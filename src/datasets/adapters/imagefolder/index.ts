import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { folderSamples, listClassFolders } from '../../layouts/class-folders.js';
import { compareStrings } from '../../layouts/image-files.js';
import { isDirectory } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** Folder names as class names: underscores become spaces (`golden_retriever` -> `golden retriever`). */
export function folderToClassname(folder: string): string {
  return folder.replace(/_/g, ' ');
}

export const imagefolder: DatasetAdapter = {
  name: 'imagefolder',
  title: 'Generic ImageFolder',
  layout: '<root>/[<split>/]<class>/**/<image> — one sub-folder per class, sorted by name; nested folders allowed',
  splits: ['.'],
  defaultSplit: '.',
  metric: 'top1',
  classCount: null,
  templates: 'single',
  source: 'class names from folder names (underscores read as spaces), or --classnames',
  async open(root, { split }): Promise<OpenedDataset> {
    const base = split === '.' ? root : join(root, split);
    const info = await stat(base).catch(() => undefined);
    if (!info?.isDirectory()) {
      throw new ClipEvalError('DATASET', `imagefolder: ${base} is not a folder (expected <root>/${split === '.' ? '' : `${split}/`}<class>/<image> folders)`);
    }
    const entries = await readdir(base, { withFileTypes: true });
    const classDirs: string[] = [];
    for (const entry of entries) {
      if (!entry.name.startsWith('.') && (entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectory(join(base, entry.name)))))) classDirs.push(entry.name);
    }
    classDirs.sort(compareStrings);
    if (classDirs.length === 0) {
      throw new ClipEvalError('DATASET', `imagefolder: no class folders in ${base} (expected one sub-folder per class holding its images)`);
    }
    const labels = new Map(classDirs.map((dir, label) => [dir, label]));
    const listing = await listClassFolders(base, base, (folder) => ({ label: labels.get(folder)! }));
    if (listing.size === 0) {
      throw new ClipEvalError('DATASET', `imagefolder: the ${classDirs.length} class folders under ${base} hold no image files`);
    }
    return {
      name: 'imagefolder',
      split,
      root,
      classnames: classDirs.map(folderToClassname),
      size: listing.size,
      samples: () => folderSamples(listing.images()),
      skipped: () => listing.skipped,
    };
  },
};
