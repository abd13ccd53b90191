import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import type { Skip } from '../../core/sample.js';

/** Extensions of files the image pipeline decodes (sharp: JPEG, PNG, WebP, GIF, TIFF, AVIF, BMP is not). */
export const IMAGE_EXTENSIONS: ReadonlySet<string> = new Set([
  '.jpg', '.jpeg', '.jpe', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif', '.jfif',
]);

export function isImageFile(path: string): boolean {
  return IMAGE_EXTENSIONS.has(extname(path).toLowerCase());
}

/** Byte-wise comparison, so order does not depend on the locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** What a directory entry is once symbolic links are followed: a file, a folder, or why it cannot be used. */
export type EntryKind = { readonly kind: 'file' | 'directory' } | { readonly skip: string };

function special(info: { isFIFO(): boolean; isSocket(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean }): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isBlockDevice()) return 'a block device';
  if (info.isCharacterDevice()) return 'a character device';
  return 'not a regular file or folder';
}

/**
 * Classifies `entry` (at `full`): regular files and folders as they are; a symbolic link by what it points to
 * (links to files are common on clusters, where a dataset is a folder of links into shared storage), and a
 * broken link, a link loop, a FIFO, a socket or a device file by why it is not read.
 */
export async function entryKind(entry: Dirent, full: string): Promise<EntryKind> {
  if (entry.isFile()) return { kind: 'file' };
  if (entry.isDirectory()) return { kind: 'directory' };
  if (!entry.isSymbolicLink()) return { skip: `${special(entry)}, not a regular file` };
  let info;
  try {
    info = await stat(full);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return { skip: 'symbolic link loop (ELOOP), not followed' };
    if (code === 'ENOENT' || code === 'ENOTDIR') return { skip: 'broken symbolic link (its target does not exist)' };
    return { skip: `symbolic link that cannot be followed (${code ?? (error as Error).message})` };
  }
  if (info.isFile()) return { kind: 'file' };
  if (info.isDirectory()) return { kind: 'directory' };
  return { skip: `symbolic link to ${special(info)}, not a regular file` };
}

/**
 * All image files under `dir`, recursively, sorted by relative path (POSIX separators); symbolic links to
 * files count as files. Other files, links that cannot be followed, links to folders below `dir` (not
 * followed, so a link cannot loop or pull in another tree) and special files (FIFOs, sockets, devices) are
 * returned as skips with their reason, so that the caller can count and report them.
 */
export async function listImages(dir: string, root: string): Promise<{ files: string[]; skipped: Skip[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const skipped: Skip[] = [];
  for (const entry of entries) {
    if (entry.isDirectory()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (entry.name.startsWith('.')) continue; // hidden files (.DS_Store) are not data
    const kind = await entryKind(entry, full);
    if ('skip' in kind) skipped.push({ path: rel, reason: kind.skip });
    else if (kind.kind === 'directory') skipped.push({ path: `${rel}/`, reason: 'symbolic link to a folder inside a class folder, not followed' });
    else if (isImageFile(entry.name)) files.push(rel);
    else skipped.push({ path: rel, reason: `not an image file (extension ${extname(entry.name) || 'none'})` });
  }
  files.sort(compareStrings);
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { files, skipped };
}
