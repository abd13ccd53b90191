import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { ClipEvalError } from '../../core/errors.js';

/**
 * IDX files (MNIST, Fashion-MNIST, EMNIST, ...): two zero bytes, a type byte, a dimension count, the
 * dimensions as big-endian uint32, then the values big-endian in row-major (C) order.
 */
const IDX_TYPES = {
  0x08: { name: 'ubyte', size: 1 },
  0x09: { name: 'sbyte', size: 1 },
  0x0b: { name: 'short', size: 2 },
  0x0c: { name: 'int', size: 4 },
  0x0d: { name: 'float', size: 4 },
  0x0e: { name: 'double', size: 8 },
} as const;

export type IdxType = (typeof IDX_TYPES)[keyof typeof IDX_TYPES]['name'];

export interface IdxArray {
  readonly type: IdxType;
  readonly dims: readonly number[];
  /** The values as stored (big-endian for multi-byte types), row-major. */
  readonly bytes: Uint8Array;
}

/** Parses IDX bytes; `file` names the file in errors. A length that disagrees with the header is an error. */
export function parseIdx(bytes: Uint8Array, file: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ClipEvalError('DATASET', `${file}: not an IDX file (it should start with two zero bytes, a type byte and a dimension count; found ${hex(bytes.subarray(0, 4))})`);
  }
  const typeCode = bytes[2]!;
  const type = IDX_TYPES[typeCode as keyof typeof IDX_TYPES];
  if (type === undefined) throw new ClipEvalError('DATASET', `${file}: unknown IDX type byte 0x${typeCode.toString(16)} (expected 0x08 ubyte, 0x09, 0x0b, 0x0c, 0x0d or 0x0e)`);
  const rank = bytes[3]!;
  const headerSize = 4 + 4 * rank;
  if (bytes.length < headerSize) {
    throw new ClipEvalError('DATASET', `${file}: truncated IDX header (${rank} dimensions need ${headerSize} bytes, the file has ${bytes.length}); re-download it`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = headerSize + dims.reduce((a, b) => a * b, 1) * type.size;
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated' : 'longer than its header says';
    throw new ClipEvalError('DATASET', `${file}: IDX file ${what}: dimensions [${dims.join(', ')}] of ${type.name} need ${expected} bytes, found ${bytes.length}; re-download it`);
  }
  return { type: type.name, dims, bytes: bytes.subarray(headerSize) };
}

/** Reads an IDX file, gunzipping it first when it is gzip-compressed (magic 1f 8b), whatever its name. */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = await readFile(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = gunzipSync(bytes);
    } catch (error) {
      throw new ClipEvalError('DATASET', `${path}: cannot gunzip (${(error as Error).message}); the download is probably truncated, fetch it again`, { cause: error });
    }
  }
  return parseIdx(bytes, path);
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ') || 'an empty file';
}
