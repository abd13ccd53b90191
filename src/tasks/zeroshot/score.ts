import { matmulTransposed, normalizeRows, topK } from '../../core/linalg.js';
import type { Matrix } from '../../core/tensor.js';
import type { EmbeddedBatch, IndexedSample } from '../../features/embed-dataset.js';
import { rankLabels, type PerClass } from '../../metrics/classification.js';
import { perClassAccumulator } from '../../metrics/classification/per-class.js';
import { calibrationAccumulators, classificationAccumulators, type CalibrationMetricName, type ClassificationMetricName } from '../../metrics/registry.js';
import { headLogits, headProbabilities, type ScoringHead } from '../../model/scoring-head.js';
import { zeroShotLogits } from '../../prompts/ensemble.js';
import { classesOfLabels, predictionProbabilities } from './probabilities.js';

/** The metrics every zero-shot run reports (the dataset's paper metric is added when it is another). */
export const ZEROSHOT_METRICS = ['top1', 'top5', 'mean_per_class_recall'] as const satisfies readonly ClassificationMetricName[];

/** One batch scored: each item's image features, logits and its five best evaluation labels. */
export interface ScoredBatch {
  readonly items: readonly IndexedSample[];
  /** [items, D] raw image features, row i for items[i]. */
  readonly features: Matrix;
  /** [items, C] the classifier's logits. */
  readonly logits: Matrix;
  /** Per item, the evaluation labels of the five best classes, best first. */
  readonly ranked: readonly (readonly number[])[];
  /** With a complete head: [items, C] the model's own logits, logit_scale x cosine (+ logit_bias). */
  readonly modelLogits?: Matrix;
  /** With a complete head: per item, the family's probability of the predicted and of the true label. */
  readonly probabilities?: { readonly pred: Float32Array; readonly label: Float32Array };
}

export interface ZeroShotScoring {
  /** The evaluation labels' names (the classes', unless the dataset maps classes to labels). */
  readonly labelNames: readonly string[];
  /** [C, D] unit rows of the zero-shot classifier. */
  readonly classifier: Matrix;
  /** Classifier class -> evaluation label (ObjectNet's protocol); absent = identity. */
  readonly classToLabel?: Int32Array;
  /** The figure the dataset's paper reports. */
  readonly paperMetric: ClassificationMetricName;
  /**
   * The model's scoring head, when it can give probabilities (headIsComplete): each batch then carries the
   * model's own logits and the family's probabilities, and the scores gain the calibration figures.
   */
  readonly head?: { readonly head: ScoringHead; readonly where: string };
}

/** The scores of a run: `n`, each metric by name (fractions) and the per-class breakdown. */
export type ZeroShotScores = { readonly n: number } & Readonly<Partial<Record<ClassificationMetricName, number>>> & Readonly<Record<(typeof ZEROSHOT_METRICS)[number], number>> & { readonly per_class: readonly PerClass[] } & Readonly<Partial<Record<CalibrationMetricName, number>>>;

/**
 * The zero-shot task: scores a stream of image-feature batches against a classifier, every metric from the
 * logits through the metric registry. No file I/O: each scored batch goes to `onBatch` (where a writer
 * streams predictions), so memory stays flat whatever the dataset size.
 */
export async function scoreZeroShot(
  batches: AsyncIterable<EmbeddedBatch>,
  output: string,
  scoring: ZeroShotScoring,
  onBatch: (batch: ScoredBatch) => Promise<void>,
): Promise<ZeroShotScores> {
  const names: ClassificationMetricName[] = [...new Set<ClassificationMetricName>([...ZEROSHOT_METRICS, scoring.paperMetric])];
  const context = { classes: scoring.classifier.rows, labels: scoring.labelNames.length, ...(scoring.classToLabel ? { classToLabel: scoring.classToLabel } : {}) };
  const metrics = classificationAccumulators(names, context);
  const perClass = perClassAccumulator(context, scoring.labelNames);
  const calibration = scoring.head ? calibrationAccumulators() : undefined;
  const labelClasses = classesOfLabels(scoring.classifier.rows, scoring.labelNames.length, scoring.classToLabel);
  let n = 0;
  for await (const batch of batches) {
    if (batch.items.length === 0) continue; // every image of the batch failed: nothing to score
    const features = batch.features[output]!;
    const logits = zeroShotLogits(features, scoring.classifier);
    const labels = Int32Array.from(batch.items, ({ sample }) => sample.label);
    metrics.add(labels, logits);
    perClass.add(labels, logits);
    n += labels.length;
    const ranked = batch.items.map((_, i) => rankLabels(topK(logits.data.subarray(i * logits.cols, (i + 1) * logits.cols), 5), scoring.classToLabel));
    if (!scoring.head || !calibration) {
      await onBatch({ items: batch.items, features, logits, ranked });
      continue;
    }
    // The model's own scores and the family's probabilities; the ranking above is the same (scale > 0).
    const { head, where } = scoring.head;
    const modelLogits = headLogits(head, matmulTransposed(normalizeRows(features), scoring.classifier, 1), where);
    const predicted = ranked.map((r) => r[0]!);
    const probabilities = predictionProbabilities(head.kind, headProbabilities(head, modelLogits, where), predicted, labels, labelClasses);
    calibration.add(probabilities.pred, predicted.map((p, i) => (p === labels[i] ? 1 : 0)));
    await onBatch({ items: batch.items, features, logits, ranked, modelLogits, probabilities });
  }
  return { n, ...metrics.result(), per_class: perClass.result(), ...(calibration ? calibration.result() : {}) } as ZeroShotScores;
}
