import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { writeJsonAtomic } from '../core/fs.js';

/**
 * The hashing thread: an ES module in a data: URL (no file of its own beside the compiled one; eval'd code
 * would be read as CommonJS or as a module depending on the parent's --input-type).
 */
const HASH_THREAD = `
import { parentPort, workerData } from 'node:worker_threads';
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
try {
  // One reused buffer, read synchronously (this thread has nothing else to do): a stream's chunks piled up
  // as garbage, about 120 MB of peak RSS for a 350 MB graph.
  const hash = createHash('sha256');
  const buffer = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(workerData, 'r');
  try {
    for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  parentPort.postMessage(hash.digest('hex'));
} catch (error) {
  parentPort.postMessage({ error: { message: error.message, code: error.code } });
}
`;

/** Files up to this size are hashed in the calling thread. */
const INLINE_HASH_BYTES = 16 << 20;

/**
 * sha256 of a file's bytes, streamed in a thread of its own: hashing a 350 MB graph takes the main thread
 * no time, so it runs beside the session creation and the first images' decoding instead of before them.
 */
export async function sha256File(path: string): Promise<string> {
  const info = await stat(path); // a missing file fails here, with the error filesystem errors are reported from
  // A tokenizer's files hash in a millisecond or two here; a thread would cost more to start (tens of ms of CPU,
  // while the first images decode).
  if (info.size <= INLINE_HASH_BYTES) return createHash('sha256').update(await readFile(path)).digest('hex');
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(HASH_THREAD)}`), { workerData: path });
    worker.once('message', (reply: string | { error: { message: string; code?: string } }) => {
      if (typeof reply === 'string') resolve(reply);
      else reject(Object.assign(new Error(`${path}: ${reply.error.message}`), { code: reply.error.code }));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${path}: the hashing thread exited (code ${code}) before answering`)));
  });
}

/**
 * sha256 of a file, remembered in the cache folder under its path, size and mtime, so that a 350 MB model
 * is hashed once, not on every run.
 */
export async function cachedFileHash(path: string, cacheDir: string | undefined): Promise<string> {
  if (cacheDir === undefined) return sha256File(path);
  const info = await stat(path);
  const key = identityOf(path, info);
  const memo = join(cacheDir, 'file-hashes', `${key}.json`);
  try {
    const saved = JSON.parse(await readFile(memo, 'utf8')) as { sha256?: unknown };
    if (typeof saved.sha256 === 'string') return saved.sha256;
  } catch {
    // not remembered yet (or unreadable): hash it again
  }
  const sha256 = await sha256File(path);
  await writeJsonAtomic(memo, { path, size: info.size, mtimeMs: info.mtimeMs, sha256 });
  return sha256;
}

/** A file's identity without reading it: a hash of its path, size and mtime (what the hash memo is keyed by). */
export async function fileIdentity(path: string): Promise<string> {
  return identityOf(path, await stat(path));
}

function identityOf(path: string, info: { readonly size: number; readonly mtimeMs: number }): string {
  return createHash('sha1').update(`${path}\0${info.size}\0${info.mtimeMs}`).digest('hex');
}

/** A short stable hash of any JSON-serialisable value (object keys sorted). */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(stableStringify(value)).digest('hex').slice(0, 32);
}

export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
