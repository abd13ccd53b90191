import { readdir } from 'node:fs/promises';
import { ClipEvalError } from '../core/errors.js';

/** Rejects a split the adapter does not know, listing the ones it does. */
export function requireSplit(dataset: string, splits: readonly string[], split: string): void {
  if (!splits.includes(split)) {
    throw new ClipEvalError('USAGE', `${dataset}: unknown split '${split}' (known: ${splits.join(', ')})`);
  }
}

/** A short listing of a folder for error messages: "found: a, b, c, ... (12 entries)" or why it cannot be read. */
export async function foundIn(dir: string, limit = 8): Promise<string> {
  const names = await readdir(dir).catch(() => undefined);
  if (names === undefined) return `${dir} does not exist or is not a folder`;
  if (names.length === 0) return `${dir} is empty`;
  const shown = names.sort().slice(0, limit).join(', ');
  return `found in ${dir}: ${shown}${names.length > limit ? `, ... (${names.length} entries)` : ''}`;
}

/** WordNet ids name ImageNet's synset folders: `n` and eight digits. */
export function isWnid(name: string): boolean {
  return /^n\d{8}$/.test(name);
}
