import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import { ClipEvalError, printable } from '../../core/errors.js';

/**
 * MATLAB MAT-file level 5 reader (the format of `save -v6/-v7` and `scipy.io.savemat`): numeric arrays of
 * every class (real and complex, logical), char arrays, cell arrays and struct arrays, compressed
 * (miCOMPRESSED) or not, either byte order. Values keep MATLAB's column-major element order; `dims` says how
 * to index them. Sparse, object and function-handle values are kept as 'unsupported' and only fail when
 * read. v7.3 files are HDF5 and are refused with a clear message.
 *
 * Written here because the one npm reader of level-5 files (mat-for-js) is GPL-licensed, builds nested
 * JavaScript arrays element by element (SVHN's 225 MB uint8 array would not fit) and pulls in pako.
 */

const NUMERIC_CLASSES = {
  6: 'double',
  7: 'single',
  8: 'int8',
  9: 'uint8',
  10: 'int16',
  11: 'uint16',
  12: 'int32',
  13: 'uint32',
  14: 'int64',
  15: 'uint64',
} as const;

export type MatNumericClass = (typeof NUMERIC_CLASSES)[keyof typeof NUMERIC_CLASSES];

const UNSUPPORTED_CLASSES: Readonly<Record<number, string>> = { 3: 'object', 5: 'sparse', 16: 'function handle', 17: 'opaque' };

export type MatNumericData =
  | Float64Array | Float32Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array
  | BigInt64Array | BigUint64Array;

export type MatValue =
  | { readonly kind: 'numeric'; readonly dims: readonly number[]; readonly className: MatNumericClass; readonly logical: boolean; readonly real: MatNumericData; readonly imag?: MatNumericData }
  | { readonly kind: 'char'; readonly dims: readonly number[]; readonly text: string }
  | { readonly kind: 'cell'; readonly dims: readonly number[]; readonly cells: readonly MatValue[] }
  | { readonly kind: 'struct'; readonly dims: readonly number[]; readonly fields: readonly string[]; readonly elements: readonly ReadonlyMap<string, MatValue>[] }
  | { readonly kind: 'unsupported'; readonly dims: readonly number[]; readonly className: string };

/** Storage (data element) types: byte size and how to read one value. */
const STORAGE: Readonly<Record<number, { name: string; size: number; get: (v: DataView, at: number, le: boolean) => number | bigint }>> = {
  1: { name: 'miINT8', size: 1, get: (v, at) => v.getInt8(at) },
  2: { name: 'miUINT8', size: 1, get: (v, at) => v.getUint8(at) },
  3: { name: 'miINT16', size: 2, get: (v, at, le) => v.getInt16(at, le) },
  4: { name: 'miUINT16', size: 2, get: (v, at, le) => v.getUint16(at, le) },
  5: { name: 'miINT32', size: 4, get: (v, at, le) => v.getInt32(at, le) },
  6: { name: 'miUINT32', size: 4, get: (v, at, le) => v.getUint32(at, le) },
  7: { name: 'miSINGLE', size: 4, get: (v, at, le) => v.getFloat32(at, le) },
  9: { name: 'miDOUBLE', size: 8, get: (v, at, le) => v.getFloat64(at, le) },
  12: { name: 'miINT64', size: 8, get: (v, at, le) => v.getBigInt64(at, le) },
  13: { name: 'miUINT64', size: 8, get: (v, at, le) => v.getBigUint64(at, le) },
};

const MI_INT8 = 1;
const MI_UINT8 = 2;
const MI_INT32 = 5;
const MI_UINT32 = 6;
const MI_MATRIX = 14;
const MI_COMPRESSED = 15;
const MI_UTF8 = 16;
const MI_UTF16 = 17;
const MI_UTF32 = 18;

interface Element {
  readonly type: number;
  readonly data: Uint8Array;
  /** Offset of the element's tag in its buffer, for messages. */
  readonly at: number;
}

/** Reads the data elements of one buffer (the file body, a miMATRIX's content or an inflated element). */
class ElementReader {
  private readonly view: DataView;
  pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    readonly little: boolean,
    private readonly where: string,
    start = 0,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  next(): Element {
    const at = this.pos;
    if (at + 8 > this.bytes.length) this.truncated(at, 8);
    const first = this.view.getUint32(at, this.little);
    if (first >>> 16 !== 0) {
      // Small data element: type and size share the first word, up to 4 bytes of data follow.
      const size = first >>> 16;
      if (size > 4) throw this.malformed(at, `small data element declares ${size} bytes (at most 4)`);
      this.pos = at + 8;
      return { type: first & 0xffff, data: this.bytes.subarray(at + 4, at + 4 + size), at };
    }
    const size = this.view.getUint32(at + 4, this.little);
    if (at + 8 + size > this.bytes.length) this.truncated(at, 8 + size);
    // Elements are padded to 8 bytes, except compressed ones (as MATLAB and scipy write them).
    const padded = first === MI_COMPRESSED ? size : Math.ceil(size / 8) * 8;
    this.pos = Math.min(at + 8 + padded, this.bytes.length);
    return { type: first, data: this.bytes.subarray(at + 8, at + 8 + size), at };
  }

  expect(type: number, what: string): Element {
    if (this.done) throw this.malformed(this.pos, `missing ${what}`);
    const element = this.next();
    if (type !== -1 && element.type !== type) {
      throw this.malformed(element.at, `${what} has data type ${element.type}, expected ${type}`);
    }
    return element;
  }

  malformed(at: number, why: string): ClipEvalError {
    return new ClipEvalError('DATASET', `${this.where}: malformed MAT-file at byte ${at}: ${why}; re-download the file or re-save it with scipy.io.savemat`);
  }

  private truncated(at: number, needed: number): never {
    throw new ClipEvalError(
      'DATASET',
      `${this.where}: MAT-file truncated: the data element at byte ${at} needs ${needed} bytes but only ${this.bytes.length - at} remain (expected at least ${at + needed} bytes, found ${this.bytes.length}); re-download it`,
    );
  }
}

/** Every variable of a level-5 MAT-file, by name, in file order. `file` names the file in errors. */
export function parseMat(bytes: Uint8Array, file: string): ReadonlyMap<string, MatValue> {
  const little = checkHeader(bytes, file);
  const reader = new ElementReader(bytes, little, file, 128);
  const variables = new Map<string, MatValue>();
  while (!reader.done) {
    let element = reader.next();
    let where = file;
    if (element.type === MI_COMPRESSED) {
      where = `${file} (compressed element at byte ${element.at})`;
      let inflated: Uint8Array;
      try {
        inflated = inflateSync(element.data);
      } catch (error) {
        throw new ClipEvalError('DATASET', `${where}: cannot inflate (${(error as Error).message}); the file is truncated or corrupt, re-download it`, { cause: error });
      }
      element = new ElementReader(inflated, little, where).next();
    }
    if (element.type !== MI_MATRIX) {
      throw reader.malformed(element.at, `top-level data element of type ${element.type} (expected 14 miMATRIX or 15 miCOMPRESSED)`);
    }
    const { name, value } = parseMatrix(element, little, where);
    variables.set(name, value);
  }
  return variables;
}

export async function readMatFile(path: string): Promise<ReadonlyMap<string, MatValue>> {
  return parseMat(await readFile(path), path);
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the 128-byte header and returns whether the file is little-endian. */
function checkHeader(bytes: Uint8Array, file: string): boolean {
  const text = latin1(bytes.subarray(0, 116));
  const hdf5 = bytes.length >= 520 && HDF5_SIGNATURE.every((b, i) => bytes[512 + i] === b);
  if (text.startsWith('MATLAB 7.3') || hdf5) {
    throw new ClipEvalError(
      'DATASET',
      `${file}: MAT v7.3 (HDF5) files are not supported; re-save it as a level-5 MAT-file (MATLAB: save(name, '-v7'); Python: read it with h5py and write it with scipy.io.savemat)`,
    );
  }
  if (bytes.length < 128) {
    throw new ClipEvalError('DATASET', `${file}: MAT-file truncated: its 128-byte header is incomplete (found ${bytes.length} bytes); re-download it`);
  }
  const indicator = String.fromCharCode(bytes[126]!, bytes[127]!);
  if (!text.startsWith('MATLAB') || (indicator !== 'IM' && indicator !== 'MI')) {
    throw new ClipEvalError('DATASET', `${file}: not a level-5 MAT-file (no 'MATLAB 5.0 MAT-file' header with an IM/MI byte-order mark; MAT v4 files are not supported: re-save it with scipy.io.savemat)`);
  }
  const little = indicator === 'IM';
  const version = new DataView(bytes.buffer, bytes.byteOffset + 124, 2).getUint16(0, little);
  if (version !== 0x0100) {
    throw new ClipEvalError('DATASET', `${file}: unknown MAT-file version 0x${version.toString(16)} (expected 0x0100, level 5)`);
  }
  return little;
}

function parseMatrix(element: Element, little: boolean, where: string): { name: string; value: MatValue } {
  // MATLAB writes an empty array ([] in a struct field, for instance) as a miMATRIX with no content.
  if (element.data.length === 0) return { name: '', value: { kind: 'numeric', dims: [0, 0], className: 'double', logical: false, real: new Float64Array(0) } };
  const r = new ElementReader(element.data, little, where);
  const flagsElement = r.expect(MI_UINT32, 'array flags');
  if (flagsElement.data.length < 8) throw r.malformed(flagsElement.at, 'array flags shorter than 8 bytes');
  const flags = new DataView(flagsElement.data.buffer, flagsElement.data.byteOffset, 8).getUint32(0, little);
  const classId = flags & 0xff;
  const complex = (flags & 0x800) !== 0;
  const logical = (flags & 0x200) !== 0;
  const dims = values(r.expect(MI_INT32, 'dimensions'), little, r).map(Number);
  const name = latin1(r.expect(MI_INT8, 'array name').data);
  const shown = printable(name);
  const count = dims.reduce((a, b) => a * b, 1);
  const unsupported = UNSUPPORTED_CLASSES[classId];
  if (unsupported !== undefined) return { name, value: { kind: 'unsupported', dims, className: unsupported } };
  // Every value, cell or character takes at least a byte of the element (a struct element one per field), so
  // dimensions claiming more are corrupt, and would otherwise allocate what they claim.
  const claimed = dims.some((d) => !Number.isSafeInteger(d) || d < 0) || !Number.isSafeInteger(count) || (classId !== 2 && count > element.data.length);
  if (claimed) {
    throw r.malformed(element.at, `dimensions [${dims.join(', ')}] of '${shown}' claim ${count} values but the array element holds ${element.data.length} bytes`);
  }
  const numericClass = NUMERIC_CLASSES[classId as keyof typeof NUMERIC_CLASSES];
  if (numericClass !== undefined) {
    const real = numeric(r.expect(-1, 'real part'), numericClass, count, little, r);
    const imag = complex ? numeric(r.expect(-1, 'imaginary part'), numericClass, count, little, r) : undefined;
    return { name, value: { kind: 'numeric', dims, className: numericClass, logical, real, ...(imag ? { imag } : {}) } };
  }
  switch (classId) {
    case 4: {
      const text = r.done ? '' : chars(r.next(), little, r);
      // Dimensions count UTF-16 code units (miUINT16) or characters (scipy's miUTF8).
      if (text.length !== count && [...text].length !== count) {
        throw r.malformed(element.at, `char array '${shown}' has ${text.length} characters for dimensions [${dims.join(', ')}]`);
      }
      return { name, value: { kind: 'char', dims, text } };
    }
    case 1: {
      const cells = Array.from({ length: count }, () => parseMatrix(r.expect(MI_MATRIX, 'cell'), little, where).value);
      return { name, value: { kind: 'cell', dims, cells } };
    }
    case 2: {
      const nameLength = Number(values(r.expect(MI_INT32, 'field name length'), little, r)[0] ?? 0);
      const namesData = r.expect(MI_INT8, 'field names').data;
      const fields: string[] = [];
      for (let at = 0; nameLength > 0 && at + nameLength <= namesData.length; at += nameLength) {
        const raw = namesData.subarray(at, at + nameLength);
        const end = raw.indexOf(0);
        fields.push(latin1(end === -1 ? raw : raw.subarray(0, end)));
      }
      if (count > Math.max(element.data.length, 1) * Math.max(fields.length, 1) || (fields.length === 0 && count > 2 ** 20)) {
        throw r.malformed(element.at, `dimensions [${dims.join(', ')}] of struct '${shown}' claim ${count} elements of ${fields.length} fields, more than its ${element.data.length} bytes can hold`);
      }
      const elements = Array.from({ length: count }, () => {
        const entry = new Map<string, MatValue>();
        for (const field of fields) entry.set(field, parseMatrix(r.expect(MI_MATRIX, `field '${printable(field)}'`), little, where).value);
        return entry;
      });
      return { name, value: { kind: 'struct', dims, fields, elements } };
    }
    default:
      throw r.malformed(element.at, `unknown array class ${classId} for '${shown}'`);
  }
}

/** The values of a numeric data element, as stored. */
function values(element: Element, little: boolean, r: ElementReader): (number | bigint)[] {
  const storage = STORAGE[element.type];
  if (storage === undefined) throw r.malformed(element.at, `numeric data of unknown type ${element.type}`);
  const n = Math.floor(element.data.length / storage.size);
  const view = new DataView(element.data.buffer, element.data.byteOffset, element.data.byteLength);
  return Array.from({ length: n }, (_, i) => storage.get(view, i * storage.size, little));
}

const CLASS_ARRAYS: Readonly<Record<MatNumericClass, new (n: number) => MatNumericData>> = {
  double: Float64Array,
  single: Float32Array,
  int8: Int8Array,
  uint8: Uint8Array,
  int16: Int16Array,
  uint16: Uint16Array,
  int32: Int32Array,
  uint32: Uint32Array,
  int64: BigInt64Array,
  uint64: BigUint64Array,
};

/** A numeric part converted to its class's typed array (MATLAB stores doubles as uint8 when they fit). */
function numeric(element: Element, className: MatNumericClass, count: number, little: boolean, r: ElementReader): MatNumericData {
  const storage = STORAGE[element.type];
  if (storage === undefined) throw r.malformed(element.at, `numeric data of unknown type ${element.type}`);
  if (element.data.length < count * storage.size) {
    throw r.malformed(element.at, `${className} array needs ${count} values of ${storage.name}, the element holds ${Math.floor(element.data.length / storage.size)}`);
  }
  // Bytes stored as bytes: a view, no copy (SVHN's images).
  if (className === 'uint8' && element.type === MI_UINT8) return element.data.subarray(0, count);
  const out = new CLASS_ARRAYS[className](count);
  const view = new DataView(element.data.buffer, element.data.byteOffset, element.data.byteLength);
  const big = out instanceof BigInt64Array || out instanceof BigUint64Array;
  for (let i = 0; i < count; i++) {
    const v = storage.get(view, i * storage.size, little);
    if (big) (out as BigInt64Array)[i] = typeof v === 'bigint' ? v : BigInt(Math.trunc(v));
    else (out as Float64Array)[i] = Number(v);
  }
  return out;
}

function chars(element: Element, little: boolean, r: ElementReader): string {
  const { data } = element;
  switch (element.type) {
    case MI_UTF8:
      return new TextDecoder('utf-8').decode(data);
    case MI_UINT8:
    case MI_INT8:
      return latin1(data);
    case MI_UTF16:
    case 4: // miUINT16: MATLAB's usual char storage
      return fromCodes(values({ ...element, type: 4 }, little, r), String.fromCharCode);
    case MI_UTF32:
    case MI_UINT32: {
      const codes = values({ ...element, type: MI_UINT32 }, little, r);
      const bad = codes.find((c) => Number(c) > 0x10ffff);
      if (bad !== undefined) throw r.malformed(element.at, `char data holds ${bad}, not a Unicode code point`);
      return fromCodes(codes, String.fromCodePoint);
    }
    default:
      throw r.malformed(element.at, `char data of type ${element.type}`);
  }
}

/** ISO-8859-1 (TextDecoder's 'latin1' is windows-1252). */
function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

/** Code units or points to a string in chunks, so that long char arrays do not overflow the call stack. */
function fromCodes(codes: readonly (number | bigint)[], build: (...codes: number[]) => string): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 8192) out += build(...codes.slice(i, i + 8192).map(Number));
  return out;
}
