import { readFile } from 'node:fs/promises';
import { ClipEvalError } from '../../core/errors.js';

/**
 * A minimal, safe unpickler for data pickles such as CIFAR's python batches: protocols 2 to 4, dicts,
 * lists, tuples, strings, bytes, ints, floats, None/bools and NumPy arrays (`_reconstruct` + `dtype` +
 * BUILD). No other global is resolved and no Python object is ever built: anything else is refused.
 *
 * Python 2 `str` (BINSTRING, as in the CIFAR files written by cPickle) is kept as bytes; used as a dict key
 * or read as text it is decoded as latin-1, which is what `pickle.load(f, encoding='latin1')` does.
 *
 * Written here because the npm parsers decode such strings as text (pickleparser's 'ascii' TextDecoder is
 * windows-1252) and build a placeholder object for any global instead of refusing it.
 */

/** A NumPy array: raw bytes as stored in the pickle, C order unless `fortran`. */
export interface NdArray {
  readonly kind: 'ndarray';
  readonly shape: readonly number[];
  /** NumPy type string with byte order, e.g. '|u1', '<i8'. */
  readonly dtype: string;
  readonly fortran: boolean;
  readonly data: Uint8Array;
}

export type PyValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Uint8Array
  | readonly PyValue[]
  | ReadonlyMap<string | number, PyValue>
  | NdArray;

type Global = { readonly kind: 'global'; readonly name: 'reconstruct' | 'ndarray' | 'dtype' | 'encode' | 'bytes' };

/** The only globals resolved, each to a marker handled by REDUCE below. */
const GLOBALS: Readonly<Record<string, Global['name']>> = {
  'numpy.core.multiarray._reconstruct': 'reconstruct',
  'numpy._core.multiarray._reconstruct': 'reconstruct',
  'numpy.ndarray': 'ndarray',
  'numpy.dtype': 'dtype',
  '_codecs.encode': 'encode', // Python 3 bytes pickled with protocol 2
  '__builtin__.bytes': 'bytes',
  'builtins.bytes': 'bytes',
};

class DType {
  order = '|';
  constructor(readonly descr: string) {}
}

class PendingArray {
  built: NdArray | undefined;
}

/** Tuples may hold globals and dtypes (REDUCE arguments, BUILD states); they become plain arrays as values. */
class Tuple {
  constructor(readonly items: readonly Item[]) {}
}

const MARK = Symbol('mark');
type Item = PyValue | Global | DType | PendingArray | Tuple | typeof MARK;

/** Parses one pickle; `file` names it in errors. */
export function unpickle(bytes: Uint8Array, file: string): PyValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const memo = new Map<number, Item>();
  let stack: Item[] = [];
  const marks: Item[][] = [];
  let pos = 0;

  const fail = (why: string): never => {
    throw new ClipEvalError('DATASET', `${file}: cannot unpickle (${why} at byte ${pos}); it is not a data pickle this reader supports (CIFAR batches), or it is corrupt`);
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.length) {
      throw new ClipEvalError('DATASET', `${file}: pickle truncated: byte ${pos} needs ${n} more bytes, but the file ends at ${bytes.length}; re-download it`);
    }
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)]!;
  const u32 = (): number => view.getUint32(need(4), true);
  const slice = (n: number): Uint8Array => bytes.subarray(need(n), pos);
  const line = (): string => {
    const end = bytes.indexOf(0x0a, pos);
    if (end === -1) need(bytes.length - pos + 1);
    return latin1(slice(end - pos + 1).subarray(0, -1));
  };
  const pop = (): Item => (stack.length > 0 ? stack.pop()! : fail('stack underflow'));
  const top = (): Item => (stack.length > 0 ? stack[stack.length - 1]! : fail('empty stack'));
  const popMark = (): Item[] => {
    const items = stack;
    stack = marks.pop() ?? fail('no MARK');
    if (items.includes(MARK)) fail('misplaced MARK');
    return items;
  };
  const value = (item: Item): PyValue => {
    if (item === MARK || item instanceof DType || (typeof item === 'object' && item !== null && 'kind' in item && item.kind === 'global')) {
      return fail('a type or global used as a value');
    }
    if (item instanceof PendingArray) return item.built ?? fail('a NumPy array without its state');
    if (item instanceof Tuple) return item.items.map(value);
    return item as PyValue;
  };
  const key = (item: Item): string | number => {
    const k = value(item);
    if (typeof k === 'string' || typeof k === 'number') return k;
    if (k instanceof Uint8Array) return latin1(k);
    return fail('a dict key that is not a string or an int');
  };
  const setItems = (items: Item[]): void => {
    const dict = top();
    if (!(dict instanceof Map) || items.length % 2 !== 0) fail('SETITEMS without a dict');
    for (let i = 0; i < items.length; i += 2) (dict as Map<string | number, PyValue>).set(key(items[i]!), value(items[i + 1]!));
  };
  const append = (items: Item[]): void => {
    const list = top();
    if (!Array.isArray(list)) fail('APPENDS without a list');
    (list as PyValue[]).push(...items.map(value));
  };

  for (;;) {
    const op = u8();
    switch (op) {
      case 0x80: // PROTO
        if (u8() > 5) fail('unknown protocol');
        break;
      case 0x95: // FRAME: a length prefix, frames are not needed in memory
        need(8);
        break;
      case 0x2e: // STOP
        return value(pop());
      case 0x28: // MARK
        marks.push(stack);
        stack = [];
        break;
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x29: // EMPTY_TUPLE
        stack.push(new Tuple([]));
        break;
      case 0x74: { // TUPLE (popMark replaces `stack`, so it runs before the push)
        const items = popMark();
        stack.push(new Tuple(items));
        break;
      }
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: // TUPLE3
        stack.push(new Tuple(Array.from({ length: op - 0x84 }, pop).reverse()));
        break;
      case 0x73: { // SETITEM
        const v = pop();
        const k = pop();
        setItems([k, v]);
        break;
      }
      case 0x75: // SETITEMS
        setItems(popMark());
        break;
      case 0x61: // APPEND
        append([pop()]);
        break;
      case 0x65: // APPENDS
        append(popMark());
        break;
      case 0x71: // BINPUT
        memo.set(u8(), top());
        break;
      case 0x72: // LONG_BINPUT
        memo.set(u32(), top());
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top());
        break;
      case 0x68: // BINGET
      case 0x6a: { // LONG_BINGET
        const index = op === 0x68 ? u8() : u32();
        stack.push(memo.has(index) ? memo.get(index)! : fail(`memo ${index} not set`));
        break;
      }
      case 0x4a: // BININT
        stack.push(view.getInt32(need(4), true));
        break;
      case 0x4b: // BININT1
        stack.push(u8());
        break;
      case 0x4d: // BININT2
        stack.push(view.getUint16(need(2), true));
        break;
      case 0x8a: // LONG1: little-endian two's complement
        stack.push(long(slice(u8())));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
      case 0x89: // NEWFALSE
        stack.push(op === 0x88);
        break;
      case 0x47: // BINFLOAT (big-endian)
        stack.push(view.getFloat64(need(8), false));
        break;
      case 0x55: // SHORT_BINSTRING: Python 2 str
        stack.push(slice(u8()));
        break;
      case 0x54: // BINSTRING
        stack.push(slice(view.getInt32(need(4), true)));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(slice(u8()));
        break;
      case 0x42: // BINBYTES
        stack.push(slice(u32()));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(utf8(slice(u8())));
        break;
      case 0x58: // BINUNICODE
        stack.push(utf8(slice(u32())));
        break;
      case 0x63: // GLOBAL
        stack.push(global(`${line()}.${line()}`, fail));
        break;
      case 0x93: { // STACK_GLOBAL
        const name = value(pop());
        const module = value(pop());
        stack.push(global(`${String(module)}.${String(name)}`, fail));
        break;
      }
      case 0x52: { // REDUCE
        const args = pop();
        stack.push(reduce(pop(), args instanceof Tuple ? args.items : fail('REDUCE arguments that are not a tuple'), value, fail));
        break;
      }
      case 0x62: { // BUILD
        const state = pop();
        build(top(), state instanceof Tuple ? state.items : fail('BUILD state that is not a tuple'), value, fail);
        break;
      }
      default:
        fail(`unsupported opcode 0x${op.toString(16)}`);
    }
  }
}

export async function readPickleFile(path: string): Promise<PyValue> {
  return unpickle(await readFile(path), path);
}

function global(name: string, fail: (why: string) => never): Global {
  const known = GLOBALS[name];
  return known === undefined ? fail(`refusing global ${/^[\w.]+$/.test(name) ? name : JSON.stringify(name)}: only NumPy arrays and plain data are read`) : { kind: 'global', name: known };
}

type ToValue = (item: Item) => PyValue;

function reduce(callable: Item, args: readonly Item[], value: ToValue, fail: (why: string) => never): Item {
  if (typeof callable !== 'object' || callable === null || !('kind' in callable) || callable.kind !== 'global') return fail('REDUCE on something that is not a global');
  switch (callable.name) {
    case 'reconstruct':
      return new PendingArray();
    case 'dtype':
      return new DType(pyText(value(args[0] ?? null), 'dtype'));
    case 'encode': {
      const first = value(args[0] ?? null);
      const text = typeof first === 'string' ? first : fail('_codecs.encode without a string');
      if (/[^\u0000-\u00ff]/.test(text)) fail('_codecs.encode of characters beyond latin-1');
      return new Uint8Array(Buffer.from(text, 'latin1'));
    }
    case 'bytes':
      return args.length === 0 ? new Uint8Array(0) : fail('bytes() with arguments');
    case 'ndarray':
      return fail('ndarray called directly');
    default: {
      const never: never = callable.name;
      return never;
    }
  }
}

function build(target: Item, state: readonly Item[], value: ToValue, fail: (why: string) => never): void {
  if (target instanceof DType) {
    // (version, byte order, ...) as numpy's dtype.__reduce__ writes it.
    const order = value(state[1] ?? null);
    if (typeof order === 'string' || order instanceof Uint8Array) target.order = pyText(order, 'dtype byte order');
    return;
  }
  if (!(target instanceof PendingArray)) return fail('BUILD on something that is not a NumPy array or dtype');
  // (version, shape, dtype, is_fortran, raw bytes); version 0 files omit the version.
  const [shapeItem, dtype, fortranItem, rawItem] = state.length === 5 ? state.slice(1) : state;
  if (!(dtype instanceof DType)) return fail('NumPy array state without a dtype');
  const shape = value(shapeItem ?? null);
  const fortran = value(fortranItem ?? null);
  const raw = value(rawItem ?? null);
  if (!Array.isArray(shape) || !shape.every((d: PyValue) => typeof d === 'number')) return fail('NumPy array state without a shape');
  if (!(raw instanceof Uint8Array)) return fail('a NumPy array of Python objects');
  const itemsize = Number(/\d+$/.exec(dtype.descr)?.[0] ?? NaN);
  const count = (shape as number[]).reduce((a, b) => a * b, 1);
  if (raw.length !== count * itemsize) return fail(`NumPy array [${shape.join(', ')}] of ${dtype.descr} needs ${count * itemsize} bytes, found ${raw.length}`);
  target.built = { kind: 'ndarray', shape: shape as number[], dtype: `${dtype.order}${dtype.descr}`, fortran: fortran === true || fortran === 1, data: raw };
}

function long(bytes: Uint8Array): number | bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (bytes.length > 0 && bytes[bytes.length - 1]! >= 0x80) v -= 1n << BigInt(8 * bytes.length);
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
}

function utf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** A str or Python 2 str (bytes, read as latin-1) as text; `what` names it in errors. */
export function pyText(value: PyValue, what: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return latin1(value);
  throw new ClipEvalError('DATASET', `${what}: expected a string, found ${pyDescribe(value)}`);
}

export function pyDescribe(value: PyValue): string {
  if (value === null) return 'None';
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value instanceof Map) return `a dict with keys ${[...value.keys()].join(', ')}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object' && 'kind' in value) return `a NumPy ${value.dtype} array [${value.shape.join(', ')}]`;
  return `${typeof value} ${String(value)}`;
}

/** A dict entry; a missing key names the keys that are there. */
export function pyField(dict: PyValue, key: string, what: string): PyValue {
  if (!(dict instanceof Map)) throw new ClipEvalError('DATASET', `${what}: expected a dict, found ${pyDescribe(dict)}`);
  const found = dict.get(key);
  if (found === undefined) throw new ClipEvalError('DATASET', `${what}: no '${key}' entry (found: ${[...dict.keys()].join(', ')})`);
  return found;
}

/** A list of Python ints as numbers. */
export function pyInts(value: PyValue, what: string): number[] {
  if (!Array.isArray(value) || !value.every((v: PyValue) => typeof v === 'number' && Number.isInteger(v))) {
    throw new ClipEvalError('DATASET', `${what}: expected a list of ints, found ${pyDescribe(value)}`);
  }
  return value as number[];
}

/** A list of strings (str or Python 2 str). */
export function pyTexts(value: PyValue, what: string): string[] {
  if (!Array.isArray(value)) throw new ClipEvalError('DATASET', `${what}: expected a list of strings, found ${pyDescribe(value)}`);
  return value.map((v: PyValue, i: number) => pyText(v, `${what}[${i}]`));
}
