import { ClipEvalError, printable } from './errors.js';

/** NumPy .npy (format 1.0/2.0/3.0) for the dtypes the contracts use: little-endian float32, int64 and int32. */
export type NpyArray =
  | { readonly dtype: 'float32'; readonly shape: readonly number[]; readonly data: Float32Array }
  | { readonly dtype: 'int64'; readonly shape: readonly number[]; readonly data: BigInt64Array }
  | { readonly dtype: 'int32'; readonly shape: readonly number[]; readonly data: Int32Array };

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

const DESCR: Record<NpyArray['dtype'], string> = { float32: '<f4', int64: '<i8', int32: '<i4' };

/** Size of `float32MatrixHeader`: room for any [rows, cols] shape, so a header can be rewritten in place. */
export const MATRIX_HEADER_BYTES = 128;

/** A version-1.0 header of a float32 [rows, cols] array, padded to exactly MATRIX_HEADER_BYTES. */
export function float32MatrixHeader(rows: number, cols: number): Buffer {
  const dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const head = Buffer.alloc(MATRIX_HEADER_BYTES, 0x20);
  Buffer.from([...MAGIC, 1, 0]).copy(head, 0);
  head.writeUInt16LE(MATRIX_HEADER_BYTES - 10, 8);
  head.write(dict, 10, 'latin1');
  head[MATRIX_HEADER_BYTES - 1] = 0x0a;
  return head;
}

export function encodeNpy(array: NpyArray): Buffer {
  const count = array.shape.reduce((a, b) => a * b, 1);
  if (count !== array.data.length) {
    throw new ClipEvalError('INPUT', `npy: shape [${array.shape.join(', ')}] needs ${count} values, data has ${array.data.length}`);
  }
  const shape = array.shape.length === 1 ? `(${array.shape[0]},)` : `(${array.shape.join(', ')})`;
  let header = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // Header padded with spaces and ended by \n so that the data starts on a 64-byte boundary.
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const head = Buffer.alloc(10);
  MAGIC.forEach((b, i) => head.writeUInt8(b, i));
  head.writeUInt8(1, 6);
  head.writeUInt8(0, 7);
  head.writeUInt16LE(header.length, 8);
  const body = Buffer.from(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  return Buffer.concat([head, Buffer.from(header, 'latin1'), body]);
}

export interface NpyHeader {
  readonly dtype: NpyArray['dtype'];
  readonly shape: readonly number[];
  /** Byte offset of the data. */
  readonly dataStart: number;
  /** Bytes of data the shape needs. */
  readonly dataBytes: number;
}

/** The header of a .npy file from its first bytes (the whole header must be in `bytes`). */
export function readNpyHeader(bytes: Uint8Array, where = 'npy'): NpyHeader {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 12 || MAGIC.some((b, i) => buf[i] !== b)) {
    throw new ClipEvalError('INPUT', `${where}: not a NumPy .npy file (bad magic)`);
  }
  const major = buf[6]!;
  const headerLength = major === 1 ? buf.readUInt16LE(8) : buf.readUInt32LE(8);
  const headerStart = major === 1 ? 10 : 12;
  if (buf.length < headerStart + headerLength) throw new ClipEvalError('INPUT', `${where}: truncated .npy header`);
  const header = buf.subarray(headerStart, headerStart + headerLength).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new ClipEvalError('INPUT', `${where}: unreadable .npy header ${JSON.stringify(header.trim())}`);
  }
  if (fortran === 'True') throw new ClipEvalError('INPUT', `${where}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const shape = shapeText.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  const dtype = (Object.keys(DESCR) as NpyArray['dtype'][]).find((k) => DESCR[k] === descr || DESCR[k].replace('<', '|') === descr);
  if (dtype === undefined) {
    throw new ClipEvalError('INPUT', `${where}: dtype ${printable(descr)} is not supported (expected little-endian float32 '<f4', int64 '<i8' or int32 '<i4')`);
  }
  const count = shape.reduce((a, b) => a * b, 1);
  return { dtype, shape, dataStart: headerStart + headerLength, dataBytes: count * (dtype === 'int64' ? 8 : 4) };
}

export function decodeNpy(bytes: Uint8Array, where = 'npy'): NpyArray {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { dtype, shape, dataStart: start, dataBytes } = readNpyHeader(buf, where);
  if (buf.length - start < dataBytes) {
    throw new ClipEvalError('INPUT', `${where}: truncated .npy: shape [${shape.join(', ')}] needs ${dataBytes} bytes of data, file has ${buf.length - start}`);
  }
  // Copy into an aligned buffer: the data offset is not always a multiple of 8.
  const raw = new Uint8Array(dataBytes);
  raw.set(buf.subarray(start, start + dataBytes));
  switch (dtype) {
    case 'float32':
      return { dtype, shape, data: new Float32Array(raw.buffer) };
    case 'int64':
      return { dtype, shape, data: new BigInt64Array(raw.buffer) };
    case 'int32':
      return { dtype, shape, data: new Int32Array(raw.buffer) };
    default: {
      const never: never = dtype;
      throw new Error(`unreachable dtype ${String(never)}`);
    }
  }
}
