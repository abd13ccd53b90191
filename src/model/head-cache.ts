/**
 * The scoring head read from a combined graph, remembered in the cache folder. Reading it means opening the
 * combined onnx/model.onnx (for a real SigLIP as large as both towers together) and running it once, on every
 * command that opens the model; the values only change with the file, so they are kept under the graph's path,
 * size and mtime (and its external weights'), as cachedFileHash keeps a file's sha256.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { writeJsonAtomic } from '../core/fs.js';
import { externalDataFiles } from './detect.js';

export interface GraphHead {
  readonly scale?: number;
  readonly bias?: number;
  readonly source?: string;
}

async function headKey(graph: string): Promise<string> {
  const parts: string[] = [];
  for (const file of [graph, ...externalDataFiles(graph)]) {
    const info = await stat(file);
    parts.push(`${resolve(file)}\0${info.size}\0${info.mtimeMs}`);
  }
  return createHash('sha1').update(parts.join('\0\0')).digest('hex');
}

function parseHead(text: string): GraphHead | undefined {
  const saved = JSON.parse(text) as Record<string, unknown>;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  if (!num(saved.scale) || !(saved.bias === undefined || num(saved.bias)) || typeof saved.source !== 'string') return undefined;
  return { scale: saved.scale as number, ...(saved.bias !== undefined ? { bias: saved.bias as number } : {}), source: saved.source };
}

/**
 * `read()`'s head for `graph`, from `cacheDir` when it was read before from the same file (no cache folder:
 * read every time). Only a head with a scale is remembered: a read that failed is tried again next time.
 */
export async function cachedGraphHead(graph: string, cacheDir: string | undefined, read: () => Promise<GraphHead>): Promise<GraphHead> {
  if (cacheDir === undefined) return read();
  const memo = join(cacheDir, 'scoring-heads', `${await headKey(graph)}.json`);
  try {
    const saved = parseHead(await readFile(memo, 'utf8'));
    if (saved) return saved;
  } catch {
    // not remembered yet (or unreadable): read the graph
  }
  const head = await read();
  if (head.scale !== undefined) await writeJsonAtomic(memo, { graph: resolve(graph), ...head });
  return head;
}
