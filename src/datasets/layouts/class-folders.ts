import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import type { Sample, Skip } from '../../core/sample.js';
import { compareStrings, entryKind, listImages } from './image-files.js';

/** One image found in a class folder: `id` is its path relative to the dataset root. */
export interface FolderImage {
  readonly id: string;
  readonly path: string;
  readonly label: number;
}

export interface ClassFolderListing {
  readonly size: number;
  readonly skipped: readonly Skip[];
  /** The images in dataset order. */
  images(): Iterable<FolderImage> | AsyncIterable<FolderImage>;
}

/** What a folder name means: its label, or why its images are not part of the evaluation. */
export type FolderLabel = { readonly label: number } | { readonly skip: string };

function rel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/**
 * Lists `<base>/<class folder>/**\/<image>` (ImageNet synset folders, ImageNet-V2 index folders, ObjectNet
 * folders). Folders are ordered by label, then name — never by name alone, so that index folders `2` and `10`
 * stay in numeric order — and files by path. Folders outside the label space and non-image files are
 * reported as skips, one per folder or file.
 */
export async function listClassFolders(
  base: string,
  root: string,
  labelOf: (folder: string) => FolderLabel,
): Promise<ClassFolderListing> {
  const entries = await readdir(base, { withFileTypes: true });
  const skipped: Skip[] = [];
  const folders: { name: string; label: number }[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue; // hidden files (.DS_Store) are not data
    const path = join(base, entry.name);
    const kind = await entryKind(entry, path);
    if (!('kind' in kind) || kind.kind !== 'directory') {
      const what = 'skip' in kind ? `: ${kind.skip}` : '';
      skipped.push({ path: rel(root, path), reason: `not a class folder${what} (expected one folder per class)` });
      continue;
    }
    const meaning = labelOf(entry.name);
    if ('skip' in meaning) skipped.push({ path: `${rel(root, path)}/`, reason: `${meaning.skip}; its files were not read` });
    else folders.push({ name: entry.name, label: meaning.label });
  }
  folders.sort((a, b) => a.label - b.label || compareStrings(a.name, b.name));
  // Folders are listed here only to count and report; their file names are read again as each folder is
  // reached, so memory holds one folder's names rather than the whole dataset's.
  const counts: number[] = [];
  for (const folder of folders) {
    const listing = await listImages(join(base, folder.name), root);
    counts.push(listing.files.length);
    skipped.push(...listing.skipped);
  }
  return {
    size: counts.reduce((sum, n) => sum + n, 0),
    skipped,
    async *images(): AsyncGenerator<FolderImage> {
      for (const [i, folder] of folders.entries()) {
        const { files } = await listImages(join(base, folder.name), root);
        if (files.length !== counts[i]) {
          throw new ClipEvalError('DATASET', `${join(base, folder.name)} changed during the run (${counts[i]} images when the dataset was opened, ${files.length} now); rerun once it is complete`);
        }
        for (const id of files) yield { id, path: join(root, id), label: folder.label };
      }
    },
  };
}

/** Samples of a folder listing, with an optional border crop (ObjectNet's testbed protocol). */
export async function* folderSamples(images: Iterable<FolderImage> | AsyncIterable<FolderImage>, borderCrop?: number): AsyncGenerator<Sample> {
  for await (const image of images) {
    yield {
      id: image.id,
      source: { kind: 'file', path: image.path },
      label: image.label,
      ...(borderCrop === undefined ? {} : { borderCrop }),
    };
  }
}
