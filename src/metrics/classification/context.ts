import { ClipEvalError } from '../../core/errors.js';
import type { Matrix } from '../../core/tensor.js';

export interface ClassificationContext {
  /** Number of classifier classes: the width of every scores matrix. */
  readonly classes: number;
  /** Classifier class -> evaluation label (ObjectNet's many-to-one protocol); absent = identity. */
  readonly classToLabel?: Int32Array;
  /** Number of evaluation labels; default `classes`. */
  readonly labels?: number;
}

/** A metric's running state: fed batch by batch, read once at the end. */
export interface MetricAccumulator {
  /** `labels[i]` is the evaluation label of row i of `scores` ([samples, classes]). */
  add(labels: Int32Array, scores: Matrix): void;
  /** The value so far; NaN where the metric is undefined (no samples, no label with positives). */
  result(): number;
}

export interface ClassificationMetric {
  readonly name: string;
  /** How tables and plots name it. */
  readonly title: string;
  readonly description: string;
  /** Its key in CLIP_benchmark's result files (the linear probe's with `lp_` before it), or null where it has none. */
  readonly clipBenchmark: string | null;
  /** A fraction in [0, 1]. */
  readonly fraction: true;
  create(context: ClassificationContext): MetricAccumulator;
}

/** A context with its defaults filled in and checked once, when an accumulator is created. */
export interface ResolvedContext {
  readonly classes: number;
  readonly labels: number;
  readonly classToLabel: Int32Array | undefined;
}

export function resolveContext(context: ClassificationContext, metric: string): ResolvedContext {
  const { classes, classToLabel } = context;
  const labels = context.labels ?? classes;
  if (!Number.isInteger(classes) || classes <= 0) throw new ClipEvalError('INPUT', `${metric}: context.classes must be a positive integer, got ${classes}`);
  if (!Number.isInteger(labels) || labels <= 0) throw new ClipEvalError('INPUT', `${metric}: context.labels must be a positive integer, got ${labels}`);
  if (classToLabel === undefined) {
    if (labels !== classes) throw new ClipEvalError('INPUT', `${metric}: ${labels} labels but ${classes} classes and no classToLabel map between them`);
  } else {
    if (classToLabel.length !== classes) throw new ClipEvalError('INPUT', `${metric}: classToLabel has ${classToLabel.length} entries for ${classes} classes`);
    const bad = classToLabel.findIndex((l) => l < 0 || l >= labels);
    if (bad >= 0) throw new ClipEvalError('INPUT', `${metric}: classToLabel maps class ${bad} to ${classToLabel[bad]}, outside the ${labels} labels`);
  }
  return { classes, labels, classToLabel };
}

/**
 * Checks one batch: a label per row, the classifier's width, labels in range, no NaN score. NaN is refused
 * because it has no place in a ranking (topK and a sort would each put it somewhere different).
 */
export function checkBatch(context: ResolvedContext, labels: Int32Array, scores: Matrix, metric: string): void {
  if (scores.cols !== context.classes) throw new ClipEvalError('INPUT', `${metric}: scores have ${scores.cols} columns but the classifier has ${context.classes} classes`);
  if (labels.length !== scores.rows) throw new ClipEvalError('INPUT', `${metric}: ${labels.length} labels for ${scores.rows} rows of scores`);
  if (scores.data.length !== scores.rows * scores.cols) throw new ClipEvalError('INPUT', `${metric}: scores hold ${scores.data.length} values, not ${scores.rows} x ${scores.cols}`);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label < 0 || label >= context.labels) throw new ClipEvalError('INPUT', `${metric}: label ${label} of row ${i} is outside the ${context.labels} labels`);
  }
  const nan = scores.data.findIndex(Number.isNaN);
  if (nan >= 0) throw new ClipEvalError('INPUT', `${metric}: score at row ${Math.floor(nan / scores.cols)}, column ${nan % scores.cols} is NaN`);
}
