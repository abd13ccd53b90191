import { open, readdir, readFile, mkdir, type FileHandle } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ClipEvalError } from '../core/errors.js';
import { decodeNpy, encodeNpy } from '../core/npy.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/fs.js';

const KEY_BYTES = 20;
/** Rows buffered before a chunk is written: a crash loses at most this many computed rows. */
const FLUSH_ROWS = 512;

interface Location {
  readonly chunk: string;
  readonly row: number;
}

/**
 * A content-keyed, append-only store of float32 rows of one width: one folder per (model, preprocessing,
 * output). Rows are written in chunks (`<name>.npy` + `<name>.keys`, each written atomically, keys last),
 * so a killed run keeps every chunk it finished and concurrent processes never write the same file.
 */
export class FeatureStore {
  private readonly index = new Map<string, Location>();
  private readonly handles = new Map<string, { handle: FileHandle; dataStart: number }>();
  /** Rows not yet written, by key (hex), in insertion order. */
  private pending = new Map<string, Float32Array>();
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
    if (width !== undefined) await store.load();
    return store;
  }

  get width(): number | undefined {
    return this.rowWidth;
  }

  get size(): number {
    return this.index.size + this.pending.size;
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
      for (let r = 0; r < rows; r++) this.index.set(keys.subarray(r * KEY_BYTES, (r + 1) * KEY_BYTES).toString('hex'), { chunk, row: r });
    }
  }

  /** Row count of a chunk's .npy, or -1 when it is unreadable or does not have this store's width. */
  private async chunkRows(path: string): Promise<number> {
    try {
      const array = decodeNpy(await readFile(path), path);
      return array.dtype === 'float32' && array.shape.length === 2 && array.shape[1] === this.width ? array.shape[0]! : -1;
    } catch {
      return -1;
    }
  }

  has(key: Buffer): boolean {
    const hex = key.toString('hex');
    return this.index.has(hex) || this.pending.has(hex);
  }

  /** Reads one row, or undefined when the key is not stored. */
  async get(key: Buffer): Promise<Float32Array | undefined> {
    const hex = key.toString('hex');
    const loc = this.index.get(hex);
    if (!loc) return this.pending.get(hex);
    const { handle, dataStart } = await this.handle(loc.chunk);
    const width = this.rowWidth!;
    const out = new Float32Array(width);
    const { bytesRead } = await handle.read(new Uint8Array(out.buffer), 0, width * 4, dataStart + loc.row * width * 4);
    if (bytesRead !== width * 4) throw new ClipEvalError('CACHE', `feature cache chunk ${loc.chunk} in ${this.dir} is truncated; remove it to recompute`);
    return out;
  }

  private async handle(chunk: string): Promise<{ handle: FileHandle; dataStart: number }> {
    const cached = this.handles.get(chunk);
    if (cached) return cached;
    if (this.handles.size >= 64) await this.closeHandles();
    const handle = await open(join(this.dir, 'chunks', `${chunk}.npy`), 'r');
    const head = Buffer.alloc(12);
    await handle.read(head, 0, 12, 0);
    const dataStart = head[6] === 1 ? 10 + head.readUInt16LE(8) : 12 + head.readUInt32LE(8);
    const entry = { handle, dataStart };
    this.handles.set(chunk, entry);
    return entry;
  }

  private async closeHandles(): Promise<void> {
    await Promise.all([...this.handles.values()].map((h) => h.handle.close()));
    this.handles.clear();
  }

  /** Adds a row (copied); written to disk in chunks. */
  async put(key: Buffer, row: Float32Array): Promise<void> {
    if (this.rowWidth === undefined) {
      await mkdir(join(this.dir, 'chunks'), { recursive: true });
      await writeJsonAtomic(join(this.dir, 'meta.json'), { width: row.length, ...this.description });
      this.rowWidth = row.length;
    }
    if (row.length !== this.rowWidth) {
      throw new ClipEvalError('CACHE', `feature cache ${this.dir} holds ${this.rowWidth}-d rows but got a ${row.length}-d row; remove the folder or pass another --cache-dir`);
    }
    if (this.has(key)) return;
    this.pending.set(key.toString('hex'), Float32Array.from(row));
    if (this.pending.size >= FLUSH_ROWS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.size === 0) return;
    const entries = [...this.pending];
    const rows = entries.length;
    const width = this.rowWidth!;
    const data = new Float32Array(rows * width);
    entries.forEach(([, r], i) => data.set(r, i * width));
    const chunk = `${Date.now().toString(36)}-${process.pid}-${(this.chunkSeq++).toString(36)}-${randomBytes(3).toString('hex')}`;
    await writeFileAtomic(join(this.dir, 'chunks', `${chunk}.npy`), encodeNpy({ dtype: 'float32', shape: [rows, width], data }));
    await writeFileAtomic(join(this.dir, 'chunks', `${chunk}.keys`), Buffer.concat(entries.map(([hex]) => Buffer.from(hex, 'hex'))));
    entries.forEach(([hex], r) => this.index.set(hex, { chunk, row: r }));
    this.pending = new Map();
  }

  async close(): Promise<void> {
    await this.flush();
    await this.closeHandles();
  }
}
