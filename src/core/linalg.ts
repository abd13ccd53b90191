import { ClipEvalError } from './errors.js';
import type { Matrix } from './tensor.js';

/** L2-normalise each row into a new matrix (a zero row stays zero). */
export function normalizeRows(m: Matrix): Matrix {
  const out = new Float32Array(m.data.length);
  for (let i = 0; i < m.rows; i++) {
    const base = i * m.cols;
    let sum = 0;
    for (let j = 0; j < m.cols; j++) sum += m.data[base + j]! ** 2;
    const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let j = 0; j < m.cols; j++) out[base + j] = m.data[base + j]! * inv;
  }
  return { rows: m.rows, cols: m.cols, data: out };
}

/** a @ b^T: [n, d] x [k, d] -> [n, k], accumulated in float64 per dot product. */
export function matmulTransposed(a: Matrix, b: Matrix, scale = 1): Matrix {
  if (a.cols !== b.cols) {
    throw new ClipEvalError('INPUT', `cannot multiply [${a.rows}, ${a.cols}] by the transpose of [${b.rows}, ${b.cols}]: widths differ`);
  }
  const d = a.cols;
  const out = new Float32Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    const ai = i * d;
    for (let k = 0; k < b.rows; k++) {
      const bk = k * d;
      let s = 0;
      for (let j = 0; j < d; j++) s += a.data[ai + j]! * b.data[bk + j]!;
      out[i * b.rows + k] = s * scale;
    }
  }
  return { rows: a.rows, cols: b.rows, data: out };
}

/** Indices of the k largest values of `values`, largest first; ties keep the lower index first. */
export function topK(values: ArrayLike<number>, k: number): number[] {
  const n = Math.min(k, values.length);
  const best: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (best.length === n && v <= values[best[n - 1]!]!) continue;
    let pos = best.length < n ? best.length : n - 1;
    while (pos > 0 && values[best[pos - 1]!]! < v) pos--;
    best.splice(pos, 0, i);
    if (best.length > n) best.pop();
  }
  return best;
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
