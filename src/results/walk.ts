import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';

/** A folder and the names of the files in it. */
export interface FolderEntry {
  readonly dir: string;
  readonly files: readonly string[];
}

/** Folders a walk does not enter: hidden ones and rendered report figures. */
const SKIPPED = new Set(['figures', 'node_modules']);

/** Every folder at or below `root` (sorted, depth first) with its files; `root` must be a folder. */
export async function walkFolders(root: string): Promise<FolderEntry[]> {
  const info = await stat(root).catch(() => {
    throw new ClipEvalError('INPUT', `folder ${root} does not exist`);
  });
  if (!info.isDirectory()) throw new ClipEvalError('INPUT', `${root} is not a folder; pass a run's output folder`);
  const out: FolderEntry[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    out.push({ dir, files: entries.filter((e) => e.isFile()).map((e) => e.name) });
    for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.') && !SKIPPED.has(e.name)) await walk(join(dir, e.name));
  };
  await walk(root);
  return out;
}
