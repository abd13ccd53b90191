import { open, rename, rm, mkdir, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Header room: enough for any [rows, cols] shape, so the header can be rewritten in place at the end. */
const HEADER_BYTES = 128;

/**
 * Writes a float32 [N, D] .npy row batch by row batch when N is not known in advance (streamed datasets):
 * the header is rewritten with the final N on close. Written to a temporary file and renamed, so a crash
 * never leaves a half-written array under the final name.
 */
export class NpyRowWriter {
  private rows = 0;
  private cols: number | undefined;
  private offset = HEADER_BYTES;

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<NpyRowWriter> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}.partial`;
    const handle = await open(tmp, 'w');
    await handle.write(Buffer.alloc(HEADER_BYTES, 0x20), 0, HEADER_BYTES, 0);
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
    await this.handle.write(npyHeader(this.rows, this.cols ?? 0), 0, HEADER_BYTES, 0);
    await this.handle.close();
    await rename(this.tmp, this.path);
  }

  async abort(): Promise<void> {
    await this.handle.close();
    await rm(this.tmp, { force: true });
  }
}

/** A version-1.0 header padded to exactly HEADER_BYTES. */
function npyHeader(rows: number, cols: number): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const head = Buffer.alloc(HEADER_BYTES, 0x20);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(head, 0);
  head.writeUInt16LE(HEADER_BYTES - 10, 8);
  head.write(dict, 10, 'latin1');
  head[HEADER_BYTES - 1] = 0x0a;
  return head;
}
