import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import type { Sample, Skip } from '../core/sample.js';
import { compareStrings, listImages } from './image-files.js';
import type { DatasetAdapter, OpenedDataset } from './types.js';

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
    const classDirs = (await readdir(base, { withFileTypes: true }))
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort(compareStrings);
    if (classDirs.length === 0) {
      throw new ClipEvalError('DATASET', `imagefolder: no class folders in ${base} (expected one sub-folder per class holding its images)`);
    }
    const items: { id: string; path: string; label: number }[] = [];
    const skipped: Skip[] = [];
    for (const [label, dir] of classDirs.entries()) {
      const listing = await listImages(join(base, dir), base);
      for (const rel of listing.files) items.push({ id: rel, path: join(base, rel), label });
      skipped.push(...listing.skipped);
    }
    if (items.length === 0) {
      throw new ClipEvalError('DATASET', `imagefolder: the ${classDirs.length} class folders under ${base} hold no image files`);
    }
    return {
      name: 'imagefolder',
      split,
      root,
      classnames: classDirs.map(folderToClassname),
      size: items.length,
      async *samples(): AsyncGenerator<Sample> {
        for (const item of items) yield { id: item.id, source: { kind: 'file', path: item.path }, label: item.label };
      },
      skipped: () => skipped,
    };
  },
};
