import { readdir } from 'node:fs/promises';
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

/**
 * All image files under `dir`, recursively, sorted by relative path (POSIX separators). Other files are
 * returned as skips so that the caller can count and report them.
 */
export async function listImages(dir: string, root: string): Promise<{ files: string[]; skipped: Skip[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  const skipped: Skip[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (entry.name.startsWith('.')) continue; // hidden files (.DS_Store) are not data
    if (isImageFile(entry.name)) files.push(rel);
    else skipped.push({ path: rel, reason: `not an image file (extension ${extname(entry.name) || 'none'})` });
  }
  files.sort(compareStrings);
  skipped.sort((a, b) => compareStrings(a.path, b.path));
  return { files, skipped };
}
