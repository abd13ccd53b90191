import { readFile, readdir } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import type { Skip } from '../../core/sample.js';
import type { FolderImage } from './class-folders.js';
import { entryKind } from './image-files.js';
import { isFile } from './checks.js';

/**
 * "Images listed in a file" layouts (Food-101's meta/test.txt, DTD's labels/test1.txt, SUN397's Partitions,
 * FGVC-Aircraft's images_variant_test.txt, Oxford-IIIT Pet's annotations/test.txt, Flowers-102's setid.mat):
 * one entry per image naming its file and class. The list fixes the order; listed files that are missing and
 * entries that name an unknown class are reported as skips.
 */

export interface ListLine {
  /** Where the entry is, for messages: `meta/test.txt:12` (relative to the root). */
  readonly where: string;
  readonly text: string;
}

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** Non-empty, trimmed lines of a list file, without `#` comments (Oxford-IIIT Pet's list.txt has some). */
export async function readListFile(path: string, root: string, dataset: string): Promise<ListLine[]> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ClipEvalError('DATASET', `${dataset}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  });
  const file = posix(relative(root, path));
  return text
    .split(/\r?\n/)
    .map((raw, i) => ({ where: `${file}:${i + 1}`, text: raw.trim() }))
    .filter((l) => l.text !== '' && !l.text.startsWith('#'));
}

/** What a list entry means: an image file relative to the image folder and its label, or why it is skipped. */
export type ListedEntry = { readonly file: string; readonly label: number } | { readonly skip: string };

/**
 * Resolves list entries to images under `imageDir`; ids are paths relative to `root`. The folder is listed
 * once so that each entry is checked without a stat per file (only symbolic links are followed, one stat
 * each: a link to a file counts as the file; a listed broken link, link loop or special file is skipped
 * with that reason; an entry below a linked folder, which the listing does not enter, costs one stat).
 */
export async function listedImages(
  lines: readonly ListLine[],
  imageDir: string,
  root: string,
  parse: (text: string) => ListedEntry,
): Promise<{ images: FolderImage[]; skipped: Skip[] }> {
  const present = new Set<string>();
  /** Listed paths that exist but cannot be read as a file, with why. */
  const unusable = new Map<string, string>();
  for (const e of await readdir(imageDir, { recursive: true, withFileTypes: true })) {
    if (e.isDirectory()) continue;
    const full = join(e.parentPath, e.name);
    const kind = await entryKind(e, full);
    const name = posix(relative(imageDir, full));
    if ('skip' in kind) unusable.set(name, kind.skip);
    else if (kind.kind === 'file') present.add(name);
    else unusable.set(name, 'symbolic link to a folder, not an image file');
  }
  const images: FolderImage[] = [];
  const skipped: Skip[] = [];
  for (const { where, text } of lines) {
    const entry = parse(text);
    if ('skip' in entry) {
      skipped.push({ path: where, reason: entry.skip });
      continue;
    }
    const path = join(imageDir, entry.file);
    const id = posix(relative(root, path));
    const file = posix(entry.file);
    const why = unusable.get(file);
    if (present.has(file)) images.push({ id, path, label: entry.label });
    else if (why !== undefined) skipped.push({ path: id, reason: `listed in ${where} but ${why}` });
    // Not in the listing: perhaps below a linked folder (the recursive listing does not follow links), so
    // one stat, following links, decides.
    else if (await isFile(path)) images.push({ id, path, label: entry.label });
    else skipped.push({ path: id, reason: `listed in ${where} but the file is missing` });
  }
  return { images, skipped };
}
