import { readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Sample, Skip } from '../core/sample.js';
import { compareStrings, listImages } from './image-files.js';
import { isDirectory } from './layout.js';

/** One image found in a class folder: `id` is its path relative to the dataset root. */
export interface FolderImage {
  readonly id: string;
  readonly path: string;
  readonly label: number;
}

export interface ClassFolderListing {
  readonly images: readonly FolderImage[];
  readonly skipped: readonly Skip[];
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
    if (!entry.isDirectory() && !(entry.isSymbolicLink() && (await isDirectory(path)))) {
      skipped.push({ path: rel(root, path), reason: 'not a class folder (expected one folder per class)' });
      continue;
    }
    const meaning = labelOf(entry.name);
    if ('skip' in meaning) skipped.push({ path: `${rel(root, path)}/`, reason: `${meaning.skip}; its files were not read` });
    else folders.push({ name: entry.name, label: meaning.label });
  }
  folders.sort((a, b) => a.label - b.label || compareStrings(a.name, b.name));
  const images: FolderImage[] = [];
  for (const folder of folders) {
    const listing = await listImages(join(base, folder.name), root);
    for (const id of listing.files) images.push({ id, path: join(root, id), label: folder.label });
    skipped.push(...listing.skipped);
  }
  return { images, skipped };
}

/** Samples of a folder listing, with an optional border crop (ObjectNet's testbed protocol). */
export async function* folderSamples(images: readonly FolderImage[], borderCrop?: number): AsyncGenerator<Sample> {
  for (const image of images) {
    yield {
      id: image.id,
      source: { kind: 'file', path: image.path },
      label: image.label,
      ...(borderCrop === undefined ? {} : { borderCrop }),
    };
  }
}
