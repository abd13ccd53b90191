import { ClipEvalError } from './errors.js';

/** A dense row-major float32 matrix: [rows, cols]. */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float32Array;
}

export type TensorData = Float32Array | Float64Array | BigInt64Array | Int32Array | Uint8Array;

/** A tensor that carries its dims; built only through `tensor()`, which checks the size. */
export interface Tensor<D extends TensorData = TensorData> {
  readonly data: D;
  readonly dims: readonly number[];
}

export function product(dims: readonly number[]): number {
  return dims.reduce((a, b) => a * b, 1);
}

export function tensor<D extends TensorData>(data: D, dims: readonly number[]): Tensor<D> {
  if (dims.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new ClipEvalError('INPUT', `tensor dims must be non-negative integers, got [${dims.join(', ')}]`);
  }
  if (data.length !== product(dims)) {
    throw new ClipEvalError('INPUT', `tensor data has ${data.length} values but dims [${dims.join(', ')}] need ${product(dims)}`);
  }
  return { data, dims: [...dims] };
}

export function matrix(data: Float32Array, rows: number, cols: number): Matrix {
  if (data.length !== rows * cols) {
    throw new ClipEvalError('INPUT', `matrix data has ${data.length} values but [${rows}, ${cols}] needs ${rows * cols}`);
  }
  return { rows, cols, data };
}

export function zeros(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float32Array(rows * cols) };
}

export function row(m: Matrix, i: number): Float32Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** Stack rows of equal width into one matrix. */
export function stackRows(rows: readonly Float32Array[], cols: number): Matrix {
  const out = new Float32Array(rows.length * cols);
  rows.forEach((r, i) => {
    if (r.length !== cols) throw new ClipEvalError('INPUT', `row ${i} has ${r.length} values, expected ${cols}`);
    out.set(r, i * cols);
  });
  return { rows: rows.length, cols, data: out };
}

/** Concatenate matrices of equal width along the rows. */
export function concatRows(parts: readonly Matrix[], cols: number): Matrix {
  const rows = parts.reduce((n, p) => n + p.rows, 0);
  const out = new Float32Array(rows * cols);
  let offset = 0;
  for (const p of parts) {
    if (p.cols !== cols) throw new ClipEvalError('INPUT', `matrix has ${p.cols} columns, expected ${cols}`);
    out.set(p.data, offset);
    offset += p.data.length;
  }
  return { rows, cols, data: out };
}

/** Select rows by index into a new matrix. */
export function selectRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float32Array(indices.length * m.cols);
  for (let i = 0; i < indices.length; i++) out.set(row(m, indices[i]!), i * m.cols);
  return { rows: indices.length, cols: m.cols, data: out };
}
