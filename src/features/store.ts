import { open, readdir, readFile, mkdir, type FileHandle } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ClipEvalError } from '../core/errors.js';
import { float32MatrixHeader, MATRIX_HEADER_BYTES, readNpyHeader } from '../core/npy.js';
import { removeStaleLeftovers, removeStaleTempFiles, writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { KEY_BYTES, KeyIndex } from './key-index.js';

/** Enough bytes for the header of any chunk this store writes. */
const HEADER_READ_BYTES = 4096;
/** Rows buffered before a chunk is written: a crash loses at most this many computed rows. */
const FLUSH_ROWS = 512;

/** A chunk's name holds its writer's pid: `<time>-<pid>-<seq>-<hex>` (see flush). */
const CHUNK_NAME = /^[0-9a-z]+-(\d+)-[0-9a-z]+-[0-9a-f]{6}$/;

/**
 * Removes what killed runs left in a store: temporary files of atomic writes, and chunk .npy files whose
 * .keys never followed (the .keys is written right after the .npy, so one alone for a minute whose writer
 * is dead is an orphan). A live writer's files, a concurrent shard's, are kept (removeStaleLeftovers).
 */
async function removeLeftovers(dir: string): Promise<void> {
  await removeStaleTempFiles(dir);
  const chunks = join(dir, 'chunks');
  await removeStaleTempFiles(chunks);
  if (!existsSync(chunks)) return;
  const names = new Set(await readdir(chunks));
  await removeStaleLeftovers(chunks, (name) => {
    if (!name.endsWith('.npy')) return undefined;
    const chunk = name.slice(0, -'.npy'.length);
    const m = CHUNK_NAME.exec(chunk);
    return m && !names.has(`${chunk}.keys`) ? { pid: Number(m[1]) } : undefined;
  });
}

/**
 * A content-keyed, append-only store of float32 rows of one width: one folder per (model, preprocessing,
 * output). Rows are written in chunks (`<name>.npy` + `<name>.keys`, each written atomically, keys last),
 * so a killed run keeps every chunk it finished and concurrent processes never write the same file.
 */
export class FeatureStore {
  private readonly index = new KeyIndex();
  /** File names of the chunks, by the chunk number the index holds. */
  private readonly chunkNames: string[] = [];
  private readonly handles = new Map<string, { handle: FileHandle; dataStart: number }>();
  /**
   * The next chunk, filled in place and reused for every chunk: its .npy bytes (header, then rows) and its
   * keys. Rows held as separate arrays would outlive a few garbage collections and pile up in the old
   * generation (about 2 KiB an image until a full collection), which showed as a slowly growing peak RSS.
   */
  private pendingFile: Uint8Array | undefined;
  private pendingRows: Float32Array | undefined;
  private readonly pendingKeys = Buffer.alloc(FLUSH_ROWS * KEY_BYTES);
  private readonly pendingIndex = new KeyIndex(FLUSH_ROWS * 2);
  private pendingCount = 0;
  private flushing = false;
  private chunkSeq = 0;
  /** Chunk files found unreadable when opening (reported, ignored, recomputed). */
  readonly damaged: string[] = [];

  private constructor(
    readonly dir: string,
    private rowWidth: number | undefined,
    private readonly description: Record<string, unknown>,
  ) {}

  /** Opens (or starts) a store; its row width is read from meta.json, or fixed by the first row put. */
  static async open(dir: string, description: Record<string, unknown>): Promise<FeatureStore> {
    const metaPath = join(dir, 'meta.json');
    let width: number | undefined;
    if (existsSync(metaPath)) {
      try {
        const meta = JSON.parse(await readFile(metaPath, 'utf8')) as { width?: unknown };
        if (typeof meta.width === 'number') width = meta.width;
      } catch {
        // an unreadable meta.json is rewritten when the first row is stored
      }
    }
    const store = new FeatureStore(dir, width, description);
    await removeLeftovers(dir);
    if (width !== undefined) await store.load();
    return store;
  }

  get width(): number | undefined {
    return this.rowWidth;
  }

  get size(): number {
    return this.index.size + this.pendingCount;
  }

  private async load(): Promise<void> {
    if (!existsSync(join(this.dir, 'chunks'))) return;
    const names = (await readdir(join(this.dir, 'chunks'))).filter((f) => f.endsWith('.keys')).sort();
    for (const name of names) {
      const chunk = name.slice(0, -'.keys'.length);
      const keys = await readFile(join(this.dir, 'chunks', name));
      const rows = keys.length / KEY_BYTES;
      const npyPath = join(this.dir, 'chunks', `${chunk}.npy`);
      const valid = Number.isInteger(rows) && existsSync(npyPath) && (await this.chunkRows(npyPath)) === rows;
      if (!valid) {
        this.damaged.push(chunk);
        continue;
      }
      this.indexChunk(chunk, keys);
    }
  }

  private indexChunk(name: string, keys: Uint8Array): void {
    const chunk = this.chunkNames.push(name) - 1;
    for (let r = 0; r * KEY_BYTES < keys.length; r++) this.index.set(keys.subarray(r * KEY_BYTES, (r + 1) * KEY_BYTES), chunk, r);
  }

  /**
   * Row count of a chunk's .npy from its header and size (the data is not read: opening an ImageNet-sized
   * cache stays quick), or -1 when it is unreadable, truncated or not of this store's width.
   */
  private async chunkRows(path: string): Promise<number> {
    let handle: FileHandle | undefined;
    try {
      handle = await open(path, 'r');
      const head = Buffer.alloc(HEADER_READ_BYTES);
      const { bytesRead } = await handle.read(head, 0, HEADER_READ_BYTES, 0);
      const header = readNpyHeader(head.subarray(0, bytesRead), path);
      const complete = (await handle.stat()).size >= header.dataStart + header.dataBytes;
      return complete && header.dtype === 'float32' && header.shape.length === 2 && header.shape[1] === this.width ? header.shape[0]! : -1;
    } catch {
      return -1;
    } finally {
      await handle?.close();
    }
  }

  has(key: Buffer): boolean {
    return this.index.has(key) || this.pendingIndex.has(key);
  }

  /** Reads one row, or undefined when the key is not stored. */
  async get(key: Buffer): Promise<Float32Array | undefined> {
    const width = this.rowWidth!;
    const loc = this.index.get(key);
    if (!loc) {
      const pending = this.pendingIndex.get(key);
      return pending && this.pendingRows!.slice(pending.row * width, (pending.row + 1) * width);
    }
    const chunk = this.chunkNames[loc.chunk]!;
    const { handle, dataStart } = await this.handle(chunk);
    const out = new Float32Array(width);
    const { bytesRead } = await handle.read(new Uint8Array(out.buffer), 0, width * 4, dataStart + loc.row * width * 4);
    if (bytesRead !== width * 4) throw new ClipEvalError('CACHE', `feature cache chunk ${chunk} in ${this.dir} is truncated; remove it to recompute`);
    return out;
  }

  private async handle(chunk: string): Promise<{ handle: FileHandle; dataStart: number }> {
    const cached = this.handles.get(chunk);
    if (cached) return cached;
    if (this.handles.size >= 64) await this.closeHandles();
    const handle = await open(join(this.dir, 'chunks', `${chunk}.npy`), 'r');
    const head = Buffer.alloc(HEADER_READ_BYTES);
    const { bytesRead } = await handle.read(head, 0, HEADER_READ_BYTES, 0);
    const entry = { handle, dataStart: readNpyHeader(head.subarray(0, bytesRead), chunk).dataStart };
    this.handles.set(chunk, entry);
    return entry;
  }

  private async closeHandles(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.handle.close()));
    this.handles.clear();
  }

  /** Adds a row (copied); written to disk in chunks. Puts are awaited one at a time. */
  async put(key: Buffer, row: Float32Array): Promise<void> {
    if (this.flushing) throw new Error(`FeatureStore.put on ${this.dir} while a chunk is being written: await each put before the next`);
    if (this.rowWidth === undefined) {
      await mkdir(join(this.dir, 'chunks'), { recursive: true });
      await writeJsonAtomic(join(this.dir, 'meta.json'), { width: row.length, ...this.description });
      this.rowWidth = row.length;
    }
    const width = this.rowWidth;
    if (row.length !== width) {
      throw new ClipEvalError('CACHE', `feature cache ${this.dir} holds ${width}-d rows but got a ${row.length}-d row; remove the folder or pass another --cache-dir`);
    }
    if (this.has(key)) return;
    if (this.pendingRows === undefined) {
      this.pendingFile = new Uint8Array(MATRIX_HEADER_BYTES + FLUSH_ROWS * width * 4);
      this.pendingRows = new Float32Array(this.pendingFile.buffer, MATRIX_HEADER_BYTES, FLUSH_ROWS * width);
    }
    const r = this.pendingCount++;
    this.pendingRows.set(row, r * width);
    this.pendingKeys.set(key, r * KEY_BYTES);
    this.pendingIndex.set(key, 0, r);
    if (this.pendingCount >= FLUSH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pendingCount === 0 || this.flushing) return;
    this.flushing = true;
    try {
      const rows = this.pendingCount;
      const width = this.rowWidth!;
      const file = this.pendingFile!;
      file.set(float32MatrixHeader(rows, width), 0);
      const chunk = `${Date.now().toString(36)}-${process.pid}-${(this.chunkSeq++).toString(36)}-${randomBytes(3).toString('hex')}`;
      await writeFileAtomic(join(this.dir, 'chunks', `${chunk}.npy`), file.subarray(0, MATRIX_HEADER_BYTES + rows * width * 4));
      const keys = this.pendingKeys.subarray(0, rows * KEY_BYTES);
      await writeFileAtomic(join(this.dir, 'chunks', `${chunk}.keys`), keys);
      this.indexChunk(chunk, keys);
      this.pendingIndex.clear();
      this.pendingCount = 0;
    } finally {
      this.flushing = false;
    }
  }

  async close(): Promise<void> {
    await this.flush();
    await this.closeHandles();
  }
}
