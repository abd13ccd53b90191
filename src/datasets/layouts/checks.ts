import { readdir, stat } from 'node:fs/promises';
import { ClipEvalError } from '../../core/errors.js';

/** Checks of a dataset root against its documented layout, with errors that say what is expected where. */

export async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

export async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}

/** The first of `candidates` that exists as a file (or folder), for layouts that are distributed in more than one way. */
export async function firstExisting(candidates: readonly string[], kind: 'file' | 'directory'): Promise<string | undefined> {
  for (const candidate of candidates) {
    if (await (kind === 'file' ? isFile(candidate) : isDirectory(candidate))) return candidate;
  }
  return undefined;
}

/** A few entries of `dir`, for error messages (or why it cannot be listed). */
export async function describeFolder(dir: string): Promise<string> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => undefined);
  if (entries === undefined) return `${dir} does not exist or is not a folder`;
  if (entries.length === 0) return `${dir} is empty`;
  const names = entries.map((e) => (e.isDirectory() ? `${e.name}/` : e.name)).sort();
  return `found in ${dir}: ${names.slice(0, 12).join(', ')}${names.length > 12 ? `, ... (${names.length} entries)` : ''}`;
}

/**
 * The error for a root that lacks `what`: `flowers102: imagelabels.mat not found under /data/flowers
 * (expected <root>/imagelabels.mat, <root>/setid.mat, <root>/jpg/; found in /data/flowers: ...)`.
 */
export async function layoutError(dataset: string, what: string, root: string, expected: string): Promise<ClipEvalError> {
  return new ClipEvalError('DATASET', `${dataset}: ${what} not found under ${root} (expected ${expected}; ${await describeFolder(root)})`);
}

/** The split asked for, checked against the adapter's list. */
export function checkSplit(dataset: string, splits: readonly string[], split: string): string {
  if (!splits.includes(split)) {
    throw new ClipEvalError('USAGE', `${dataset}: unknown split '${split}' (splits: ${splits.join(', ')})`);
  }
  return split;
}

/**
 * Checks that each of `required` (relative to `base`; a trailing `/` marks a folder) exists, and throws the
 * layout error for the first that does not, listing them all as what is expected.
 */
export async function requirePaths(dataset: string, base: string, required: readonly string[]): Promise<void> {
  for (const path of required) {
    const full = `${base}/${path.replace(/\/$/, '')}`;
    const found = path.endsWith('/') ? await isDirectory(full) : await isFile(full);
    if (!found) throw await layoutError(dataset, path, base, required.map((p) => `<root>/${p}`).join(', '));
  }
}
