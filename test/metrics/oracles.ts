import { readFileSync } from 'node:fs';
import { matrix, type Matrix } from '../../src/core/tensor.js';
import type { ClassificationContext } from '../../src/metrics/classification/context.js';

/** The cases tools/make-metric-oracles.py wrote, with scikit-learn's and NumPy's values. */
interface RawOracles {
  classification: { name: string; classes: number; labels: number; class_to_label: number[] | null; y: number[]; scores: number[]; values: Record<string, number> }[];
  retrieval: { name: string; dim: number; queries: number[]; targets: number[]; offsets: number[]; correct: number[]; ranks: number[]; recall: Record<string, number> }[];
}

const raw = JSON.parse(readFileSync(new URL('./fixtures/metric-oracles.json', import.meta.url), 'utf8')) as RawOracles;

export const classificationOracles = raw.classification.map((c) => ({
  name: c.name,
  context: { classes: c.classes, labels: c.labels, ...(c.class_to_label ? { classToLabel: Int32Array.from(c.class_to_label) } : {}) } satisfies ClassificationContext,
  labels: Int32Array.from(c.y),
  scores: matrix(Float32Array.from(c.scores), c.y.length, c.classes),
  values: c.values,
}));

export const retrievalOracles = raw.retrieval.map((c) => ({
  name: c.name,
  queries: matrix(Float32Array.from(c.queries), c.offsets.length - 1, c.dim),
  targets: matrix(Float32Array.from(c.targets), c.targets.length / c.dim, c.dim),
  correct: { offsets: Int32Array.from(c.offsets), targets: Int32Array.from(c.correct) },
  ranks: Int32Array.from(c.ranks),
  recall: c.recall,
}));

/** Rows [start, end) of a scores matrix, without copying. */
export function sliceRows(m: Matrix, start: number, end: number): Matrix {
  return { rows: end - start, cols: m.cols, data: m.data.subarray(start * m.cols, end * m.cols) };
}

/** Labels and scores cut into batches of the given sizes (the last takes the rest). */
export function batches(labels: Int32Array, scores: Matrix, sizes: readonly number[]): { labels: Int32Array; scores: Matrix }[] {
  const out: { labels: Int32Array; scores: Matrix }[] = [];
  let start = 0;
  for (let i = 0; start < labels.length; i++) {
    const end = Math.min(labels.length, start + (sizes[i] ?? labels.length));
    out.push({ labels: labels.subarray(start, end), scores: sliceRows(scores, start, end) });
    start = end;
  }
  return out;
}
