import { ClipEvalError } from '../../core/errors.js';
import { topK } from '../../core/linalg.js';
import { row, type Matrix } from '../../core/tensor.js';
import type { PerClass } from '../classification.js';
import { checkBatch, resolveContext, type ClassificationContext, type ResolvedContext } from './context.js';

/**
 * Per-label support, top-1 hits and top-1 predictions, counted from scores in O(labels) memory. The top-1
 * label is the label of `topK(row, 1)`, the class ClassificationCounter has always been given first.
 */
export class PerClassCounts {
  readonly support: Float64Array;
  readonly correct: Float64Array;
  readonly predicted: Float64Array;
  private readonly context: ResolvedContext;

  constructor(context: ClassificationContext, private readonly metric = 'per-class counts') {
    this.context = resolveContext(context, metric);
    this.support = new Float64Array(this.context.labels);
    this.correct = new Float64Array(this.context.labels);
    this.predicted = new Float64Array(this.context.labels);
  }

  add(labels: Int32Array, scores: Matrix): void {
    checkBatch(this.context, labels, scores, this.metric);
    const map = this.context.classToLabel;
    for (let i = 0; i < scores.rows; i++) {
      const top = topK(row(scores, i), 1)[0]!;
      const pred = map ? map[top]! : top;
      const label = labels[i]!;
      this.support[label]!++;
      this.predicted[pred]!++;
      if (pred === label) this.correct[label]!++;
    }
  }

  /** correct / support per label, null for a label without samples. */
  recall(label: number): number | null {
    return this.support[label]! > 0 ? this.correct[label]! / this.support[label]! : null;
  }
}

/** Streams the per-class figures of `ClassificationCounter.result().per_class` from scores. */
export interface PerClassAccumulator {
  add(labels: Int32Array, scores: Matrix): void;
  result(): PerClass[];
}

/** `names` are the evaluation labels' names, one per label. */
export function perClassAccumulator(context: ClassificationContext, names: readonly string[]): PerClassAccumulator {
  const counts = new PerClassCounts(context, 'per-class breakdown');
  if (names.length !== counts.support.length) throw new ClipEvalError('INPUT', `per-class breakdown: ${names.length} label names for ${counts.support.length} labels`);
  return {
    add: (labels, scores) => counts.add(labels, scores),
    result: () =>
      names.map((name, c): PerClass => ({
        class: name,
        n: counts.support[c]!,
        correct: counts.correct[c]!,
        recall: counts.recall(c),
        precision: counts.predicted[c]! > 0 ? counts.correct[c]! / counts.predicted[c]! : null,
      })),
  };
}
