import { open, rename, rm, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './fs.js';
import { encodeNpy, float32MatrixHeader, MATRIX_HEADER_BYTES } from './npy.js';
import type { Matrix } from './tensor.js';

/**
 * Writes a float32 [N, D] .npy row batch by row batch when N is not known in advance (streamed datasets):
 * the header is rewritten with the final N on close. Written to a temporary file and renamed, so a crash
 * never leaves a half-written array under the final name.
 */
export class NpyRowWriter {
  private rows = 0;
  private cols: number | undefined;
  private offset = MATRIX_HEADER_BYTES;

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<NpyRowWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.partial`;
    const handle = await open(tmp, 'w');
    await handle.write(Buffer.alloc(MATRIX_HEADER_BYTES, 0x20), 0, MATRIX_HEADER_BYTES, 0);
    return new NpyRowWriter(path, tmp, handle);
  }

  async append(data: Float32Array, cols: number): Promise<void> {
    if (this.cols === undefined) this.cols = cols;
    if (cols !== this.cols || data.length % cols !== 0) throw new Error(`npy writer: rows of ${cols} values appended to an array of width ${this.cols}`);
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    await this.handle.write(bytes, 0, bytes.length, this.offset);
    this.offset += bytes.length;
    this.rows += data.length / cols;
  }

  async close(): Promise<void> {
    await this.handle.write(float32MatrixHeader(this.rows, this.cols ?? 0), 0, MATRIX_HEADER_BYTES, 0);
    await this.handle.close();
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    await this.handle.close();
    await rm(this.tmp, { force: true });
  }
}

/** A float32 matrix held in memory as an [rows, cols] .npy file, written atomically. */
export async function writeMatrixNpy(path: string, m: Matrix): Promise<void> {
  await writeFileAtomic(path, encodeNpy({ dtype: 'float32', shape: [m.rows, m.cols], data: m.data }));
}
