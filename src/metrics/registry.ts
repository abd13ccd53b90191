import { ClipEvalError } from '../core/errors.js';
import type { Matrix } from '../core/tensor.js';
import type { CalibrationAccumulator, CalibrationMetric } from './calibration/context.js';
import { expectedCalibrationError, meanConfidence } from './calibration/expected-calibration-error.js';
import { averagePrecision, averagePrecision11 } from './classification/average-precision.js';
import type { ClassificationContext, ClassificationMetric, MetricAccumulator } from './classification/context.js';
import { meanPerClassRecall } from './classification/mean-per-class-recall.js';
import { rocAuc } from './classification/roc-auc.js';
import { topKAccuracy } from './classification/top-k.js';
import { recallAt, type RetrievalMetric } from './retrieval/recall-at-k.js';

export type { ClassificationContext, ClassificationMetric, MetricAccumulator } from './classification/context.js';
export type { RetrievalMetric } from './retrieval/recall-at-k.js';
export type { CalibrationAccumulator, CalibrationMetric } from './calibration/context.js';

/** Metrics over classification scores, by the name results and configs use. */
export const CLASSIFICATION_METRICS = {
  top1: topKAccuracy(1),
  top5: topKAccuracy(5),
  mean_per_class_recall: meanPerClassRecall,
  map11: averagePrecision11,
  map: averagePrecision,
  roc_auc: rocAuc,
} as const satisfies Record<string, ClassificationMetric>;

export type ClassificationMetricName = keyof typeof CLASSIFICATION_METRICS;

/** The metric a dataset's paper figure is reported in. */
export type PaperMetric = ClassificationMetricName;

/** Metrics over each query's rank of its first correct target. */
export const RETRIEVAL_METRICS = {
  'recall@1': recallAt(1),
  'recall@5': recallAt(5),
  'recall@10': recallAt(10),
} as const satisfies Record<string, RetrievalMetric>;

export type RetrievalMetricName = keyof typeof RETRIEVAL_METRICS;

/**
 * Metrics over each sample's top-1 probability and correctness (see calibration/context.ts for why they
 * are not CLASSIFICATION_METRICS: those take ranking scores, these need the model's own probabilities).
 */
export const CALIBRATION_METRICS = {
  expected_calibration_error: expectedCalibrationError(),
  mean_confidence: meanConfidence,
} as const satisfies Record<string, CalibrationMetric>;

export type CalibrationMetricName = keyof typeof CALIBRATION_METRICS;

function lookup<T>(registry: Readonly<Record<string, T>>, kind: string, name: string): T {
  if (!Object.hasOwn(registry, name)) throw new ClipEvalError('USAGE', `unknown ${kind} metric "${name}"; valid names: ${Object.keys(registry).join(', ')}`);
  return registry[name]!;
}

export function classificationMetric(name: string): ClassificationMetric {
  return lookup(CLASSIFICATION_METRICS, 'classification', name);
}

export function retrievalMetric(name: string): RetrievalMetric {
  return lookup(RETRIEVAL_METRICS, 'retrieval', name);
}

export function calibrationMetric(name: string): CalibrationMetric {
  return lookup(CALIBRATION_METRICS, 'calibration', name);
}

/** Every calibration metric fed the same (confidence, correct) batches. */
export function calibrationAccumulators(): { add(confidence: ArrayLike<number>, correct: ArrayLike<number>): void; result(): Record<CalibrationMetricName, number> } {
  const accumulators = (Object.keys(CALIBRATION_METRICS) as CalibrationMetricName[]).map((name): [CalibrationMetricName, CalibrationAccumulator] => [name, CALIBRATION_METRICS[name].create()]);
  return {
    add(confidence, correct) {
      for (const [, accumulator] of accumulators) accumulator.add(confidence, correct);
    },
    result: () => Object.fromEntries(accumulators.map(([name, accumulator]) => [name, accumulator.result()])) as Record<CalibrationMetricName, number>,
  };
}

export interface ScoredBatch {
  readonly labels: Int32Array;
  readonly scores: Matrix;
}

/** Several metrics fed the same batches: what a streaming task holds while it scores. */
export interface ClassificationAccumulators<N extends ClassificationMetricName> {
  add(labels: Int32Array, scores: Matrix): void;
  result(): Record<N, number>;
}

export function classificationAccumulators<N extends ClassificationMetricName>(names: readonly N[], context: ClassificationContext): ClassificationAccumulators<N> {
  const accumulators = names.map((name): [N, MetricAccumulator] => [name, classificationMetric(name).create(context)]);
  return {
    add(labels, scores) {
      for (const [, accumulator] of accumulators) accumulator.add(labels, scores);
    },
    result: () => Object.fromEntries(accumulators.map(([name, accumulator]) => [name, accumulator.result()])) as Record<N, number>,
  };
}

/** The named metrics over all of `batches`. */
export function evaluateClassification<N extends ClassificationMetricName>(names: readonly N[], context: ClassificationContext, batches: Iterable<ScoredBatch>): Record<N, number> {
  const accumulators = classificationAccumulators(names, context);
  for (const { labels, scores } of batches) accumulators.add(labels, scores);
  return accumulators.result();
}
